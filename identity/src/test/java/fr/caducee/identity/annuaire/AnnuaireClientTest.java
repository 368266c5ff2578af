package fr.caducee.identity.annuaire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.BoxType;
import fr.caducee.testkit.FakeAnnuaire;
import fr.caducee.testkit.FakeAnnuaire.Answer;

/** The client against the test kit's fake of the API MSSanté over real HTTPS with a client certificate. */
class AnnuaireClientTest {
    static final BoxAddress BOX = BoxAddress.parse("claire.martin@chu.mssante.fr");
    static final IdNat DOCTOR = IdNat.parse("810000005479");
    static final PublishedBox PUBLISHED = new PublishedBox(BOX, BoxType.PER, Carrier.practitioner(DOCTOR), false,
        Optional.empty(), Optional.empty(), Optional.empty());
    static TestTls tls;
    static FakeAnnuaire annuaire;

    @BeforeAll
    static void startTheApi() throws Exception {
        tls = new TestTls();
        annuaire = FakeAnnuaire.start(tls.apiSide());
    }

    @AfterAll
    static void stopTheApi() {
        annuaire.close();
    }

    @BeforeEach
    void forgetEarlierRequests() {
        annuaire.clearRequests();
    }

    AnnuaireClient client(Duration timeout) throws Exception {
        return new AnnuaireClient(annuaire.base(), tls.operatorSide(), timeout, Optional.empty());
    }

    @Test
    void anInsertArrivesAsTheGuidesConditionalPatchWithTheOperatorsCertificate() throws Exception {
        BoxPatch insert = BoxPatch.insert(PUBLISHED);

        PatchAnswer answer = client(Duration.ofSeconds(10)).send(insert);

        assertThat(answer).isEqualTo(new PatchAnswer.Published(200));
        FakeAnnuaire.Request request = annuaire.requests().get(0);
        assertThat(request.method()).isEqualTo("PATCH");
        assertThat(request.path()).isEqualTo("/fhir/v2/Practitioner");
        assertThat(request.parameters()).containsExactly(
            java.util.Map.entry("identifier", "urn:oid:1.2.250.1.71.4.2.1|810000005479"));
        assertThat(request.header("Content-Type")).contains("application/fhir+json");
        assertThat(request.header(AnnuaireClient.API_KEY_HEADER)).isEmpty();
        assertThat(request.body()).isEqualTo(insert.body());
        assertThat(request.client()).hasValueSatisfying(certificate -> assertThat(certificate.getSubjectX500Principal()
            .getName()).contains("operator.caducee.test"));
        assertThat(annuaire.telecom(BOX.address())).isPresent();
    }

    @Test
    void theApiKeyGoesInItsHeaderWhenOneIsConfigured() throws Exception {
        new AnnuaireClient(annuaire.base(), tls.operatorSide(), Duration.ofSeconds(10), Optional.of("k-123"))
            .send(BoxPatch.delete(PUBLISHED.carrier(), BOX));

        assertThat(annuaire.requests().get(0).header(AnnuaireClient.API_KEY_HEADER)).contains("k-123");
    }

    @Test
    void aRefusalKeepsTheOperationOutcomesText() throws Exception {
        annuaire.answer(Answer.outcome(422, "business-rule", "Le type d'une BAL n'est pas modifiable"));

        PatchAnswer answer = client(Duration.ofSeconds(10)).send(BoxPatch.replace(PUBLISHED));

        assertThat(answer).isEqualTo(new PatchAnswer.Refused(422,
            "error business-rule: Le type d'une BAL n'est pas modifiable"));
    }

    @Test
    void anUnavailableApiIsDeferred() throws Exception {
        annuaire.answer(Answer.unavailable());

        assertThat(client(Duration.ofSeconds(10)).send(BoxPatch.replace(PUBLISHED)))
            .isEqualTo(new PatchAnswer.Deferred(503, "error transient: Service temporairement indisponible"));
    }

    @Test
    void anApiThatDoesNotAnswerIsDeferredAfterTheTimeout() throws Exception {
        annuaire.answer(Answer.hang(Duration.ofSeconds(20)));

        long start = System.nanoTime();
        PatchAnswer answer = client(Duration.ofSeconds(1)).send(BoxPatch.replace(PUBLISHED));

        assertThat(answer).isInstanceOf(PatchAnswer.Deferred.class);
        assertThat(answer.text()).startsWith("no answer within 1 s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void withoutAClientCertificateTheApiRefusesTheHandshakeAndNothingIsDecided() throws Exception {
        PatchAnswer answer = new AnnuaireClient(annuaire.base(), tls.anonymous(), Duration.ofSeconds(5), Optional.empty())
            .send(BoxPatch.replace(PUBLISHED));

        assertThat(answer).isInstanceOf(PatchAnswer.Deferred.class);
        assertThat(answer.text()).contains("could not be reached");
        assertThat(annuaire.requests()).isEmpty();
    }

    @Test
    void anApiWhoseCertificateIsNotForItsHostNameIsNotSpokenTo() throws Exception {
        URI byAddress = URI.create("https://127.0.0.1:" + annuaire.port() + FakeAnnuaire.BASE_PATH);

        PatchAnswer answer = new AnnuaireClient(byAddress, tls.operatorSide(), Duration.ofSeconds(5), Optional.empty())
            .send(BoxPatch.replace(PUBLISHED));

        assertThat(answer).isInstanceOf(PatchAnswer.Deferred.class);
        assertThat(annuaire.requests()).isEmpty();
    }

    @Test
    void onlyAnHttpsBaseIsTaken() throws Exception {
        assertThatThrownBy(() -> new AnnuaireClient(URI.create("http://localhost:1/fhir"), tls.operatorSide(),
            Duration.ofSeconds(1), Optional.empty())).hasMessageContaining("over HTTPS");
    }
}
