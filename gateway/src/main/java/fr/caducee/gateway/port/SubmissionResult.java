package fr.caducee.gateway.port;

/** What the submission chain answered to a mail of the gateway. */
public sealed interface SubmissionResult {

    /** {@code 250}: in the spool, or it was already (a mail registered and submitted before: not sent again). */
    record Accepted(boolean earlier) implements SubmissionResult {
    }

    /** A {@code 5xx}: the chain's refusal, as an SMTP client would have got it (its rule id when one names it). */
    record Refused(String reply, String ruleId, String sentence) implements SubmissionResult {
        @Override
        public String toString() {
            return reply + " " + ruleId + ": " + sentence;
        }
    }
}
