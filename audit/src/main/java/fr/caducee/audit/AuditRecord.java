package fr.caducee.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One decision, as the trail keeps it. Identity is either a {@code login} (a box authenticated on submission or IMAP)
 * or a {@code peer} (the certificate of another operator: subject, SAN, issuer, serial); absent values are null.
 *
 * @param time       when the decision was taken
 * @param decision   what was decided
 * @param rule       which rule decided (e.g. {@code recipient-unknown}); null for plain acceptance and delivery
 * @param reason     the reply or sentence given (e.g. {@code 550 5.1.1 ...}); null when nothing was refused
 * @param via        where: {@code mx}, {@code submission}, {@code imap}, {@code spool}, {@code webadmin}
 * @param mail       the server's name for the mail (James mail name), null before DATA
 * @param messageId  the {@code Message-ID} header, null when unknown
 * @param login      the authenticated login, null when none
 * @param peer       the peer operator's certificate identity, null when none
 * @param sender     the envelope sender ({@code <>} for the null sender), null before MAIL FROM
 * @param recipients the envelope recipients concerned, each once, in the order given
 * @param size       the message size in bytes, -1 when unknown
 * @param session    the SMTP/IMAP session id, null outside a session
 * @param remote     the client's IP address, null outside a session
 */
public record AuditRecord(Instant time, Decision decision, String rule, String reason, String via, String mail,
                          String messageId, String login, String peer, String sender, List<String> recipients,
                          long size, String session, String remote) {

    public AuditRecord {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(decision, "decision");
        recipients = recipients == null ? List.of() : once(recipients);
    }

    /** Each recipient once, in the order given (a RCPT repeated, in another case, names the same box). */
    private static List<String> once(List<String> recipients) {
        Map<String, String> once = new LinkedHashMap<>();
        recipients.forEach(recipient -> once.putIfAbsent(recipient.toLowerCase(Locale.ROOT), recipient));
        return List.copyOf(once.values());
    }

    public static Builder builder(Decision decision) {
        return new Builder(decision);
    }

    /** Fills a record field by field; {@code time} defaults to now. */
    public static final class Builder {
        private final Decision decision;
        private Instant time;
        private String rule;
        private String reason;
        private String via;
        private String mail;
        private String messageId;
        private String login;
        private String peer;
        private String sender;
        private List<String> recipients = List.of();
        private long size = -1;
        private String session;
        private String remote;

        private Builder(Decision decision) {
            this.decision = Objects.requireNonNull(decision);
        }

        public Builder time(Instant time) { this.time = time; return this; }
        public Builder rule(String rule) { this.rule = rule; return this; }
        public Builder reason(String reason) { this.reason = reason; return this; }
        public Builder via(String via) { this.via = via; return this; }
        public Builder mail(String mail) { this.mail = mail; return this; }
        public Builder messageId(String messageId) { this.messageId = messageId; return this; }
        public Builder login(String login) { this.login = login; return this; }
        public Builder peer(String peer) { this.peer = peer; return this; }
        public Builder sender(String sender) { this.sender = sender; return this; }
        public Builder recipients(List<String> recipients) { this.recipients = recipients; return this; }
        public Builder size(long size) { this.size = size; return this; }
        public Builder session(String session) { this.session = session; return this; }
        public Builder remote(String remote) { this.remote = remote; return this; }

        public AuditRecord build() {
            return new AuditRecord(time == null ? Instant.now() : time, decision, rule, reason, via, mail, messageId,
                login, peer, sender, recipients, size, session, remote);
        }
    }
}
