package fr.caducee.server.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.server.storage.postgres.StalePostmaster.Verdict;

class StalePostmasterTest {
    @TempDir
    Path pgdata;

    private StalePostmaster inspect(Map<Long, List<String>> processes) throws Exception {
        return StalePostmaster.inspect(pgdata, pid -> Optional.ofNullable(processes.get(pid)));
    }

    private void lockFile(String firstLine) throws Exception {
        Files.writeString(pgdata.resolve("postmaster.pid"), firstLine + "\n" + pgdata + "\n1796599629\n54329\n");
    }

    @Test
    void aFolderWithoutLockFileShouldNeedNothing() throws Exception {
        assertThat(inspect(Map.of()).verdict()).isEqualTo(Verdict.NONE);
    }

    @Test
    void aLockFileOfAProcessNoLongerAliveShouldNeedNothing() throws Exception {
        lockFile("4242");

        assertThat(inspect(Map.of()).verdict()).isEqualTo(Verdict.NONE);
    }

    @Test
    void aPostgresOfThisFolderLeftRunningShouldBeFoundWithItsId() throws Exception {
        lockFile("4242");

        StalePostmaster stale = inspect(Map.of(4242L, List.of("/data/var/store/postgres-binaries/17.12.0/bin/postgres",
            "-D", pgdata.toString(), "-p", "54329", "-c", "listen_addresses=127.0.0.1")));

        assertThat(stale.verdict()).isEqualTo(Verdict.RUNNING);
        assertThat(stale.pid()).isEqualTo(4242);
    }

    @Test
    void aPostgresOfAnotherFolderUnderTheSameIdShouldNotBeStopped() throws Exception {
        lockFile("4242");

        assertThat(inspect(Map.of(4242L, List.of("/usr/lib/postgresql/17/bin/postgres", "-D", "/var/lib/other")))
            .verdict()).isEqualTo(Verdict.ID_REUSED);
    }

    @Test
    void anotherProgramUnderTheSameIdShouldMakeTheLockFileStale() throws Exception {
        lockFile("4242");

        assertThat(inspect(Map.of(4242L, List.of("/usr/bin/java", "-D", pgdata.toString()))).verdict())
            .isEqualTo(Verdict.ID_REUSED);
    }

    @Test
    void aLockFileCutShortByACrashShouldBeStale() throws Exception {
        Files.writeString(pgdata.resolve("postmaster.pid"), "");

        assertThat(inspect(Map.of()).verdict()).isEqualTo(Verdict.ID_REUSED);
    }

    @Test
    void thisProcessShouldBeReadFromProc() {
        assertThat(StalePostmaster.procCommandLine(ProcessHandle.current().pid())).isPresent();
        assertThat(StalePostmaster.procCommandLine(Long.MAX_VALUE)).isEmpty();
    }
}
