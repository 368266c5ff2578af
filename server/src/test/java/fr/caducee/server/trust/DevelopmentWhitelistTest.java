package fr.caducee.server.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import javax.security.auth.x500.X500Principal;

import org.junit.jupiter.api.Test;

import fr.caducee.domain.model.OperatorDn;
import fr.caducee.trust.whitelist.Whitelist;
import fr.caducee.trust.whitelist.WhitelistParser;

/** The development list shipped in james-config/ is in ANS's format and names the development PKI's DNs. */
class DevelopmentWhitelistTest {
    private static final OperatorDn PEER =
        OperatorDn.of(new X500Principal("CN=peer-operator.localhost,OU=Caducee development peer,O=Caducee,C=FR"));
    private static final OperatorDn SELF =
        OperatorDn.of(new X500Principal("CN=caducee.localhost,OU=Caducee development operator,O=Caducee,C=FR"));

    private static Path shipped() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path file = dir.resolve("james-config/liste-blanche.xml");
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new IllegalStateException("james-config/liste-blanche.xml not found above the working directory");
    }

    @Test
    void theShippedDevelopmentListLoadsWithTheDevelopmentOperators() throws Exception {
        Whitelist list = new WhitelistParser().parse(shipped());

        assertThat(list.skipped()).isEmpty();
        assertThat(list.domains()).containsExactly("caducee.localhost", "patient.peer-operator.localhost",
            "peer-operator.localhost");
        assertThat(list.operatorsOf("peer-operator.localhost")).containsExactly(PEER);
        assertThat(list.operatorsOf("patient.peer-operator.localhost")).containsExactly(PEER);
        assertThat(list.operatorsOf("caducee.localhost")).containsExactly(SELF);
        assertThat(list.operatorsOf("patient.caducee.localhost")).containsExactly(SELF);
        assertThat(list.operatorCount()).isEqualTo(2);
        assertThat(list.generatedAt()).isPresent();
    }
}
