package fr.caducee.identity.annuaire;

import java.util.ArrayList;
import java.util.List;

import org.hl7.fhir.r4.model.OperationOutcome;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;

/**
 * What the API MSSanté's answer to a {@link BoxPatch} means for the publication:
 * <ul>
 * <li>2xx: {@link Published}, the Annuaire holds the change (the guide answers 200 with the patched resource);</li>
 * <li>408, 429 and 5xx, no answer, a timeout, a refused or broken connection: {@link Deferred}, nothing was
 * decided, the same request is sent again later;</li>
 * <li>any other status (400, 401, 403, 404 no such carrier, 412 several carriers, 422...): {@link Refused}, with
 * the text of its {@code OperationOutcome} kept for the operator, who must act.</li>
 * </ul>
 */
public sealed interface PatchAnswer {
    int MAX_TEXT = 1000;

    /** The HTTP status, 0 when no answer came. */
    int status();

    /** What happened, as the audit trail and the publication report say it. */
    String text();

    record Published(int status) implements PatchAnswer {
        @Override
        public String text() {
            return "answered " + status;
        }
    }

    /** @param outcome the OperationOutcome's issues as a person reads them, or the start of a body that is not one */
    record Refused(int status, String outcome) implements PatchAnswer {
        @Override
        public String text() {
            return "answered " + status + ": " + outcome;
        }
    }

    record Deferred(int status, String reason) implements PatchAnswer {
        @Override
        public String text() {
            return status == 0 ? reason : "answered " + status + (reason.isEmpty() ? "" : ": " + reason);
        }
    }

    static PatchAnswer of(int status, String body) {
        if (status >= 200 && status < 300) {
            return new Published(status);
        }
        if (status == 408 || status == 429 || status >= 500) {
            return new Deferred(status, outcomeText(body));
        }
        String outcome = outcomeText(body);
        return new Refused(status, outcome.isEmpty() ? "(no OperationOutcome)" : outcome);
    }

    /** No answer: {@code why} names what failed (connection refused, timeout, TLS). */
    static PatchAnswer unanswered(String why) {
        return new Deferred(0, why);
    }

    /**
     * The issues of an OperationOutcome, {@code severity code: text}, one after another ({@code details.text}, else
     * {@code diagnostics}); a body that is no OperationOutcome is kept as it came, shortened.
     */
    static String outcomeText(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            OperationOutcome outcome = FhirContext.forR4Cached().newJsonParser().parseResource(OperationOutcome.class, body);
            List<String> issues = new ArrayList<>();
            for (OperationOutcome.OperationOutcomeIssueComponent issue : outcome.getIssue()) {
                String text = issue.getDetails().hasText() ? issue.getDetails().getText().strip()
                    : issue.hasDiagnostics() ? issue.getDiagnostics().strip() : "";
                String kind = (issue.hasSeverity() ? issue.getSeverity().toCode() : "")
                    + (issue.hasCode() ? " " + issue.getCode().toCode() : "");
                issues.add(kind.isBlank() ? text : kind.strip() + (text.isEmpty() ? "" : ": " + text));
            }
            if (!issues.isEmpty()) {
                return shortened(String.join("; ", issues));
            }
        } catch (DataFormatException | ClassCastException e) {
            // not an OperationOutcome: kept as it came below
        }
        return shortened(body.strip().replaceAll("\\s+", " "));
    }

    private static String shortened(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "...";
    }
}
