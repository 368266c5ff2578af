package fr.caducee.identity.annuaire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PatchAnswerTest {

    @Test
    void anyTwoHundredIsPublished() {
        assertThat(PatchAnswer.of(200, "{\"resourceType\":\"Practitioner\"}")).isEqualTo(new PatchAnswer.Published(200));
        assertThat(PatchAnswer.of(204, "")).isInstanceOf(PatchAnswer.Published.class);
    }

    @Test
    void theGuidesPreconditionFailedIsARefusalWithItsOperationOutcomesText() {
        String body = AnsGuide.openApiResponse("PreconditionFailed").toString();

        PatchAnswer answer = PatchAnswer.of(412, body);

        assertThat(answer).isInstanceOf(PatchAnswer.Refused.class);
        assertThat(((PatchAnswer.Refused) answer).outcome())
            .startsWith("error conflict: Multiple matches found for conditional PATCH");
        assertThat(answer.text()).startsWith("answered 412: error conflict: Multiple matches");
    }

    @Test
    void everyIssueIsKeptWithItsDiagnosticsWhenItHasNoText() {
        String body = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"invalid\","
            + "\"diagnostics\":\"type is not modifiable\"},{\"severity\":\"warning\",\"code\":\"informational\","
            + "\"details\":{\"text\":\"second\"}}]}";

        assertThat(((PatchAnswer.Refused) PatchAnswer.of(422, body)).outcome())
            .isEqualTo("error invalid: type is not modifiable; warning informational: second");
    }

    @Test
    void aRefusalWithoutOperationOutcomeKeepsTheStartOfItsBody() {
        assertThat(((PatchAnswer.Refused) PatchAnswer.of(403, "<html>Forbidden\n</html>")).outcome())
            .isEqualTo("<html>Forbidden </html>");
        assertThat(((PatchAnswer.Refused) PatchAnswer.of(401, "")).outcome()).isEqualTo("(no OperationOutcome)");
        assertThat(((PatchAnswer.Refused) PatchAnswer.of(400, "x".repeat(5000))).outcome()).hasSize(1003);
    }

    @Test
    void serverFailuresTooManyRequestsAndTimeoutsAreDeferred() {
        for (int status : new int[] {408, 429, 500, 502, 503, 504}) {
            assertThat(PatchAnswer.of(status, "")).as("%d", status).isInstanceOf(PatchAnswer.Deferred.class);
        }
        assertThat(PatchAnswer.of(503, "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
            + "\"code\":\"transient\",\"details\":{\"text\":\"maintenance\"}}]}").text())
            .isEqualTo("answered 503: error transient: maintenance");
    }

    @Test
    void noAnswerIsDeferredWithWhatFailed() {
        PatchAnswer answer = PatchAnswer.unanswered("api.example:443 could not be reached: connection refused");

        assertThat(answer.status()).isZero();
        assertThat(answer.text()).isEqualTo("api.example:443 could not be reached: connection refused");
    }

    @Test
    void redirectsAndOtherClientErrorsAreRefused() {
        assertThat(PatchAnswer.of(301, "")).isInstanceOf(PatchAnswer.Refused.class);
        assertThat(PatchAnswer.of(404, "")).isInstanceOf(PatchAnswer.Refused.class);
    }
}
