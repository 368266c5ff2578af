package fr.caducee.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ApiListenerTest {

    @Test
    void aQueryIsDecodedKeepingRepeatedParametersInTheirOrder() throws Exception {
        Map<String, List<String>> parameters = ApiListener.parameters(
            "patient.identifier=urn%3Aoid%3A1.2.250.1.213.1.4.8%7C184057512345625&date=ge2026-01-01&date=lt2026-02-01");
        assertThat(parameters.get("patient.identifier")).containsExactly("urn:oid:1.2.250.1.213.1.4.8|184057512345625");
        assertThat(parameters.get("date")).containsExactly("ge2026-01-01", "lt2026-02-01");
    }

    @Test
    void aQueryThatIsNotUrlEncodedIsABadRequest() {
        assertThatThrownBy(() -> ApiListener.parameters("type=%zz"))
            .isInstanceOfSatisfying(ApiRefusal.class, refusal -> assertThat(refusal.status()).isEqualTo(400));
    }

    @Test
    void aRefusalIsAnOperationOutcomeCarryingItsRuleAndSentence() {
        ApiAnswer answer = OperationOutcomes.answer(403, "record-reader-blocked", "The patient has blocked you");
        String json = new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.contentType()).startsWith("application/fhir+json");
        assertThat(json).contains("\"resourceType\":\"OperationOutcome\"").contains("\"code\":\"forbidden\"")
            .contains("\"system\":\"urn:caducee:rule\"").contains("\"code\":\"record-reader-blocked\"")
            .contains("The patient has blocked you");
    }
}
