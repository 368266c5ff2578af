package fr.caducee.rules.transport;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.inject.Inject;

import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.rules.Rule;
import fr.caducee.rules.audit.AuditedMail;
import fr.caducee.rules.smtp.ChainSettings;
import fr.caducee.rules.smtp.MessageSizeLimit;
import fr.caducee.rules.smtp.SmtpRefusal;

/**
 * Takes no message the data folder has no room for: when the usable space is below a reserve
 * ({@code caducee.storage.reserveMegabytes}, {@link ChainSettings}, default 256), or below the reserve plus the size announced with {@code SIZE=}, MAIL
 * FROM gets {@code 452 4.3.1} (RFC 3463: mail system full); at the end of DATA the same check with the message's real
 * size, before anything records or spools it. The client's server keeps the message and retries; the space is
 * measured again for every transaction, so mail is taken again as soon as room returns, without a restart.
 * <p>
 * The reserve is what the server needs to go on once it stops taking mail: the spool delivers what it holds into the
 * mailboxes (the database writes each message to its log, then to its tables, and deletes it from the spool's),
 * the audit trail records each refusal. Run out of it and those writes fail
 * instead. {@code 0} leaves only the message's own size to be checked.
 */
public class StorageReserveHook implements MailHook, JamesMessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(StorageReserveHook.class);
    private static final long MEGABYTE = 1024 * 1024;
    static final SmtpRefusal MAIL_SYSTEM_FULL = Rule.MAIL_SYSTEM_FULL.refusal(
        "Mail system full: this server is short of disk space and cannot take your message now; try again later");

    private final StorageSpace space;
    private final AtomicBoolean refusing = new AtomicBoolean();
    private final long reserveBytes;

    @Inject
    public StorageReserveHook(StorageSpace space, ChainSettings settings) {
        this.space = space;
        this.reserveBytes = settings.storageReserveMegabytes() * MEGABYTE;
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        // Taken, not read: a MAIL FROM refused after it leaves the transaction open, and the next one may have no SIZE.
        long announced = session.removeAttachment(MessageSizeLimit.DECLARED_SIZE, ProtocolSession.State.Transaction)
            .orElse(0L);
        return check(session, announced, "MAIL FROM:<" + sender.asString() + ">");
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        return check(session, Math.max(AuditedMail.size(mail), 0), "DATA");
    }

    private HookResult check(SMTPSession session, long messageBytes, String command) {
        long usable;
        try {
            usable = space.usableBytes();
        } catch (IOException | RuntimeException e) {
            // Refusing for a while costs a retry; accepting what cannot be stored costs the message.
            LOGGER.error("Cannot measure the space left for the data folder, refusing mail until it can: {}",
                e.toString());
            return MAIL_SYSTEM_FULL.refuse(session, command);
        }
        if (usable >= reserveBytes && usable - reserveBytes >= messageBytes) {
            if (usable - reserveBytes >= MEGABYTE && refusing.compareAndSet(true, false)) {
                LOGGER.warn("Taking mail again: {} MB usable for the data folder (reserve {} MB)", usable / MEGABYTE,
                    reserveBytes / MEGABYTE);
            }
            return HookResult.DECLINED;
        }
        // Once per episode: each refusal is in the audit trail already, and the log shares the full disk.
        if (refusing.compareAndSet(false, true)) {
            LOGGER.warn("Refusing mail with 452 4.3.1: {} MB usable for the data folder, below the reserve of {} MB{}",
                usable / MEGABYTE, reserveBytes / MEGABYTE,
                messageBytes > 0 ? " plus the message's " + messageBytes / 1024 + " KB" : "");
        }
        return MAIL_SYSTEM_FULL.refuse(session, command);
    }
}
