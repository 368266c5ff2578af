package fr.caducee.server.storage.mailbox;

import org.apache.james.mailbox.model.MailboxId;

/** A mailbox's key in {@code caducee_mailbox}: its identity column. */
public record BoxId(long value) implements MailboxId {

    @Override
    public String serialize() {
        return Long.toString(value);
    }

    @Override
    public String toString() {
        return serialize();
    }

    public static final class Factory implements MailboxId.Factory {
        @Override
        public BoxId fromString(String serialized) {
            return new BoxId(Long.parseLong(serialized));
        }
    }
}
