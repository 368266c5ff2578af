package fr.caducee.server.storage.mailbox;

import java.security.SecureRandom;
import java.util.UUID;

import org.apache.james.mailbox.model.MessageId;

/**
 * A message's key in {@code caducee_message}, shared by every mailbox holding it (COPY shares the bytes). New ones are
 * time-ordered (UUID version 7): successive deliveries land next to each other in the primary key's index.
 */
public record StoredMessageId(UUID value) implements MessageId {

    @Override
    public String serialize() {
        return value.toString();
    }

    @Override
    public boolean isSerializable() {
        return true;
    }

    @Override
    public String toString() {
        return serialize();
    }

    public static final class Factory implements MessageId.Factory {
        private static final SecureRandom RANDOM = new SecureRandom();

        @Override
        public StoredMessageId fromString(String serialized) {
            return new StoredMessageId(UUID.fromString(serialized));
        }

        @Override
        public StoredMessageId generate() {
            long millis = System.currentTimeMillis();
            long high = (millis << 16) | 0x7000L | (RANDOM.nextInt() & 0x0FFFL);
            long low = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
            return new StoredMessageId(new UUID(high, low));
        }
    }
}
