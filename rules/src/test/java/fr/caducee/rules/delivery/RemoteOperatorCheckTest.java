package fr.caducee.rules.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.security.auth.x500.X500Principal;

import org.junit.jupiter.api.Test;

import fr.caducee.domain.directory.TrustedDomains;
import fr.caducee.domain.model.OperatorDn;

class RemoteOperatorCheckTest {
    private static final X500Principal CHU = new X500Principal("CN=mx.chu-exemple.fr,OU=267500452,O=CHU Exemple,C=FR");
    private static final X500Principal OTHER = new X500Principal("CN=relay.autre.fr,O=Autre,C=FR");
    private static final Map<String, Set<OperatorDn>> LIST = Map.of(
        "chu-exemple.fr", Set.of(OperatorDn.parse("cn=MX.chu-exemple.fr, OU=267500452, O=\"CHU  Exemple\", C=FR")),
        "clinique.fr", Set.of(OperatorDn.parse("CN=relay.autre.fr,O=Autre,C=FR")));
    private static final TrustedDomains WHITELIST = new TrustedDomains() {
        @Override
        public boolean isTrusted(String domain) {
            return LIST.containsKey(domain);
        }

        @Override
        public Set<OperatorDn> operatorsOf(String domain) {
            return LIST.getOrDefault(domain, Set.of());
        }
    };

    private final RemoteOperatorCheck check = new RemoteOperatorCheck(WHITELIST);

    @Test
    void aServerWhoseDnIsListedForTheDomainIsDeliveredTo() {
        assertThat(check.domainsRefusing(CHU, List.of("CHU-exemple.fr"))).isEmpty();
    }

    @Test
    void aServerOfAnotherListedOperatorIsRefusedForTheDomain() {
        assertThat(check.domainsRefusing(OTHER, List.of("chu-exemple.fr", "clinique.fr"))).containsExactly("chu-exemple.fr");
    }

    @Test
    void aServerWithoutCertificateIsRefusedForEveryDomain() {
        assertThat(check.domainsRefusing(null, List.of("chu-exemple.fr", "clinique.fr")))
            .containsExactly("chu-exemple.fr", "clinique.fr");
    }

    @Test
    void theReplyIsAPermanentSmtpFailureNamingTheDomainTheServerItsDnAndTheListedOne() {
        String reply = check.reply("mx.chu-exemple.fr", OTHER, Set.of("chu-exemple.fr"));

        assertThat(reply).startsWith("550 5.7.1 Nothing was sent to chu-exemple.fr: its server mx.chu-exemple.fr presented "
            + "the certificate CN=relay.autre.fr,O=Autre,C=FR").contains("CHU  Exemple");
        assertThat(RemoteOperatorCheck.isRefusal(Optional.of(reply))).isTrue();
    }

    @Test
    void anotherFailureIsNotThisRefusal() {
        assertThat(RemoteOperatorCheck.isRefusal(Optional.of("550 5.1.1 No such user"))).isFalse();
        assertThat(RemoteOperatorCheck.isRefusal(Optional.empty())).isFalse();
    }
}
