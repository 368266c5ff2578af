package fr.caducee.trust.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.james.jwt.JwtTokenVerifier;
import org.apache.james.jwt.PublicKeyReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorKeyTest {
    @TempDir
    Path data;

    @Test
    void theFirstStartCreatesAnOwnerOnlyKeyPair() throws Exception {
        OperatorKey key = OperatorKey.ensure(data.resolve("pki"));

        assertThat(mode(key.privateKey().getParent())).isEqualTo("rwx------");
        assertThat(mode(key.privateKey())).isEqualTo("rw-------");
        assertThat(mode(key.publicKey())).isEqualTo("rw-------");
        assertThat(Files.readString(key.privateKey())).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void laterStartsKeepTheSameKey() throws Exception {
        OperatorKey first = OperatorKey.ensure(data.resolve("pki"));
        String publicKey = Files.readString(first.publicKey());

        OperatorKey again = OperatorKey.ensure(data.resolve("pki"));

        assertThat(Files.readString(again.publicKey())).isEqualTo(publicKey);
    }

    @Test
    void aTokenSignedWithThePrivateKeyIsVerifiedWithThePublicKeyFileAsJamesReadsIt() throws Exception {
        OperatorKey key = OperatorKey.ensure(data.resolve("pki"));
        String token = AdminToken.mint(OperatorKey.readPrivateKey(data), "exploitant", Instant.now(),
            Duration.ofMinutes(1));

        String pem = Files.readString(key.publicKey(), StandardCharsets.US_ASCII);
        JwtTokenVerifier verifier = new JwtTokenVerifier(() -> List.of(new PublicKeyReader().fromPEM(pem).orElseThrow()));
        assertThat(verifier.verifyAndExtractLogin(token)).contains("exploitant");
    }

    @Test
    void aDataFolderWithoutTheKeyIsNamedInTheError() {
        assertThatThrownBy(() -> OperatorKey.readPrivateKey(data))
            .isInstanceOf(IOException.class)
            .hasMessageContaining(data.resolve("pki/webadmin/operator-key.pem").toString())
            .hasMessageContaining("CADUCEE_DATA");
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
