package fr.caducee.audit;

import java.time.Instant;
import java.util.List;

/** Records as the server writes them, for the tests. */
final class Records {
    private Records() {
    }

    static AuditRecord accepted(Instant time, String messageId, String login, String sender, String... recipients) {
        return AuditRecord.builder(Decision.ACCEPTED).time(time).via("submission").mail("Mail" + messageId.hashCode())
            .messageId(messageId).login(login).sender(sender).recipients(List.of(recipients)).size(4096)
            .session("S1").remote("192.0.2.10").build();
    }

    static AuditRecord delivered(Instant time, String messageId, String... recipients) {
        return AuditRecord.builder(Decision.DELIVERED).time(time).via("spool").messageId(messageId)
            .recipients(List.of(recipients)).size(4096).build();
    }

    static AuditRecord refused(Instant time, String rule, String reason, String login, String recipient) {
        return AuditRecord.builder(Decision.REFUSED).time(time).via("submission").rule(rule).reason(reason)
            .login(login).recipients(List.of(recipient)).build();
    }

    static AuditRecord numbered(int n) {
        return AuditRecord.builder(Decision.ACCEPTED).via("mx").mail("Mail" + n).messageId("<" + n + "@test>")
            .peer("peer.subject=\"CN=mx.peer\"").sender("a@peer.fr").recipients(List.of("b@chu.fr")).size(n).build();
    }
}
