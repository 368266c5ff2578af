package fr.caducee.server.webmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import javax.crypto.SecretKey;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FactorKeyTest {
    @TempDir
    Path data;

    @Test
    void theFirstStartMakesA256BitKeyOnlyTheServersAccountCanRead() throws Exception {
        SecretKey key = FactorKey.ensure(data);

        Path file = data.resolve("secrets/webmail-factor.key");
        assertThat(key.getEncoded()).hasSize(32).isEqualTo(Files.readAllBytes(file));
        assertThat(key.getAlgorithm()).isEqualTo("AES");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
    }

    @Test
    void laterStartsKeepTheSameKey() throws Exception {
        assertThat(FactorKey.ensure(data).getEncoded()).isEqualTo(FactorKey.ensure(data).getEncoded());
    }

    @Test
    void aKeyOthersCanReadStopsTheStartWithTheCommandThatMendsIt() throws Exception {
        FactorKey.ensure(data);
        Path file = data.resolve("secrets/webmail-factor.key");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> FactorKey.ensure(data)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining(file.toString()).hasMessageContaining("rw-r--r--")
            .hasMessageContaining("chmod 600 " + file);
    }

    @Test
    void aDamagedKeyStopsTheStartRatherThanSealingWithAnotherKey() throws Exception {
        FactorKey.ensure(data);
        Path file = data.resolve("secrets/webmail-factor.key");
        Files.write(file, new byte[] {1, 2, 3});

        assertThatThrownBy(() -> FactorKey.ensure(data)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("holds 3 bytes");
    }
}
