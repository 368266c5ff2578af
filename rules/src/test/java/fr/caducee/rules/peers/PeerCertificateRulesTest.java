package fr.caducee.rules.peers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import fr.caducee.trust.certificate.CertificateValidator.Problem;

class PeerCertificateRulesTest {
    @Test
    void eachProblemOfAPeerCertificateIsRefusedUnderItsOwnRule() {
        assertThat(PeerCertificateHook.rule(Problem.UNTRUSTED).id()).isEqualTo("peer-certificate-untrusted");
        assertThat(PeerCertificateHook.rule(Problem.EXPIRED).id()).isEqualTo("peer-certificate-expired");
        assertThat(PeerCertificateHook.rule(Problem.NOT_YET_VALID).id()).isEqualTo("peer-certificate-not-yet-valid");
        assertThat(PeerCertificateHook.rule(Problem.REVOKED).id()).isEqualTo("peer-certificate-revoked");
        assertThat(PeerCertificateHook.rule(Problem.REVOCATION_UNKNOWN).id()).isEqualTo("peer-certificate-revocation-unknown");
    }

    @Test
    void anUndeterminedRevocationStatusIsDeferredAndTheOtherProblemsRefused() {
        assertThat(PeerCertificateHook.rule(Problem.REVOCATION_UNKNOWN).refusal("later").reply()).isEqualTo("454 4.7.0 later");
        for (Problem problem : new Problem[] {Problem.UNTRUSTED, Problem.EXPIRED, Problem.NOT_YET_VALID, Problem.REVOKED}) {
            assertThat(PeerCertificateHook.rule(problem).refusal("no").reply()).isEqualTo("550 5.7.1 no");
        }
    }
}
