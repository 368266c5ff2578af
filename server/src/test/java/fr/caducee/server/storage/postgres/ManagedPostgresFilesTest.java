package fr.caducee.server.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagedPostgresFilesTest {
    @TempDir
    Path store;

    @Test
    void thePasswordShouldBeGeneratedOnceIntoAnOwnerOnlyFile() throws Exception {
        Path file = store.resolve("postgres.secret");

        String first = ManagedPostgres.passwordOf(file);

        assertThat(first).hasSizeGreaterThanOrEqualTo(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(ManagedPostgres.passwordOf(file)).isEqualTo(first);
    }

    @Test
    void aPasswordFileOthersCanReadShouldStopTheStart() throws Exception {
        Path file = Files.writeString(store.resolve("postgres.secret"), "pw\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> ManagedPostgres.passwordOf(file)).hasMessageContaining("chmod 600");
    }

    @Test
    void thePortShouldBeChosenOnceAndKeptWhileFree() throws Exception {
        int first = ManagedPostgres.portOf(store);

        assertThat(Files.readString(store.resolve("postgres.port")).strip()).isEqualTo(Integer.toString(first));
        assertThat(ManagedPostgres.portOf(store)).isEqualTo(first);
    }

    @Test
    void aRecordedPortTakenByAnotherProgramShouldBeReplaced() throws Exception {
        try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Files.writeString(store.resolve("postgres.port"), other.getLocalPort() + "\n");

            int chosen = ManagedPostgres.portOf(store);

            assertThat(chosen).isNotEqualTo(other.getLocalPort());
            assertThat(Files.readString(store.resolve("postgres.port")).strip()).isEqualTo(Integer.toString(chosen));
        }
    }
}
