package fr.caducee.server.metrics;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import javax.inject.Singleton;

import fr.caducee.audit.AuditRecord;
import fr.caducee.rules.Rule;
import io.prometheus.client.Counter;

/**
 * {@code caducee_decisions_total}: every decision the audit trail records (accepted, refused, delivered, relayed,
 * bounced, deposited, an ED arrival's outcome, a login...), counted by decision, rule, the rule's stage, where
 * ({@code via}) and whether the reply was a temporary SMTP refusal ({@code temporary="true"}: a {@code 4xx 4.x.x}
 * reply, the client will try again: the mail is deferred, not refused). Fed by {@link CountedAuditTrail}, the one
 * place every decision passes.
 *
 * <p>Bounded labels: a rule id outside the catalogue counts as {@code other}, a {@code via} outside the list below
 * as {@code other}; never an address or a client's IP.
 */
@Singleton
public final class DecisionCounts {
    static final String OTHER = "other";
    static final Set<String> VIAS = Set.of("mx", "submission", "imap", "spool", "local", "relay", "webadmin", "api",
        "record", "gateway", "webmail", "annuaire");
    /** Each rule id with its stages (an id given by two checks, as {@code message-unreadable} is, has both's). */
    private static final Map<String, String> STAGES = Arrays.stream(Rule.values())
        .collect(Collectors.groupingBy(Rule::id, Collectors.collectingAndThen(
            Collectors.flatMapping(rule -> rule.stages().stream(), Collectors.toCollection(TreeSet::new)),
            stages -> stages.stream().map(stage -> stage.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining("+")))));

    private final Counter decisions = Counter.build()
        .name("caducee_decisions_total")
        .help("Decisions recorded in the audit trail, by decision, rule id (catalogue of docs/RULES.md), stage, where")
        .labelNames("decision", "rule", "stage", "via", "temporary")
        .create();

    public void count(AuditRecord record) {
        String rule = record.rule() == null || record.rule().isEmpty() ? ""
            : STAGES.containsKey(record.rule()) ? record.rule() : OTHER;
        decisions.labels(record.decision().name().toLowerCase(Locale.ROOT), rule, STAGES.getOrDefault(rule, ""),
            via(record.via()), String.valueOf(temporary(record.reason()))).inc();
    }

    Counter counter() {
        return decisions;
    }

    /** An SMTP reply of the {@code 4xx 4.x.x} form, as {@code SmtpRefusal} writes it into the record's reason. */
    static boolean temporary(String reason) {
        return reason != null && reason.length() > 6 && reason.charAt(0) == '4'
            && Character.isDigit(reason.charAt(1)) && Character.isDigit(reason.charAt(2))
            && (reason.charAt(3) == ' ' || reason.charAt(3) == '-')
            && reason.startsWith("4.", 4);
    }

    static String via(String via) {
        if (via == null) {
            return "";
        }
        return VIAS.contains(via) ? via : OTHER;
    }
}
