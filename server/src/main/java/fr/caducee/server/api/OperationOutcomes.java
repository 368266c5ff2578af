package fr.caducee.server.api;

import org.hl7.fhir.r4.model.OperationOutcome;

import ca.uhn.fhir.context.FhirContext;
import fr.caducee.rules.Rule;

/** A refusal as FHIR writes one: an {@code OperationOutcome} whose issue carries the rule id and the sentence. */
public final class OperationOutcomes {
    /** Where the rule ids of an issue's details come from. */
    public static final String RULE_SYSTEM = "urn:caducee:rule";
    private static final FhirContext FHIR = FhirContext.forR4Cached();

    private OperationOutcomes() {
    }

    public static ApiAnswer answer(Rule rule, String sentence) {
        return answer(Integer.parseInt(rule.reply()), rule.id(), sentence);
    }

    public static ApiAnswer answer(int status, String rule, String sentence) {
        OperationOutcome outcome = new OperationOutcome();
        OperationOutcome.OperationOutcomeIssueComponent issue = outcome.addIssue()
            .setSeverity(OperationOutcome.IssueSeverity.ERROR)
            .setCode(issueType(status))
            .setDiagnostics(sentence);
        issue.getDetails().setText(sentence).addCoding().setSystem(RULE_SYSTEM).setCode(rule);
        return ApiAnswer.fhir(status, FHIR.newJsonParser().encodeResourceToString(outcome));
    }

    private static OperationOutcome.IssueType issueType(int status) {
        return switch (status) {
            case 400 -> OperationOutcome.IssueType.INVALID;
            case 401 -> OperationOutcome.IssueType.LOGIN;
            case 403 -> OperationOutcome.IssueType.FORBIDDEN;
            case 404 -> OperationOutcome.IssueType.NOTFOUND;
            case 413 -> OperationOutcome.IssueType.TOOLONG;
            case 503 -> OperationOutcome.IssueType.TRANSIENT;
            default -> OperationOutcome.IssueType.EXCEPTION;
        };
    }
}
