package fr.caducee.ldapengine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing JVM with SIGKILL in the middle of its writes and compactions, then checks that every add it had
 * acknowledged is in the directory rebuilt from its data folder; twice, the second time on the recovered folder.
 */
class CrashRecoveryTest {

    private static final int ACKS_BEFORE_KILL = 1500;
    private static final int SIGKILL_EXIT = 128 + 9;
    private static final int WRITERS = 4;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedAddSurvivesKillNine() throws Exception {
        Path data = dir.resolve("directory");
        List<Integer> acknowledged = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            acknowledged.addAll(writeUntilKilled(data, round * 1_000_000));

            try (EmbeddedLdapServer server = EmbeddedLdapServer.start(TestTree.DEFINITION, 
                    EmbeddedLdapConfig.defaults(data).withListener("127.0.0.1", 0))) {
                List<Integer> missing = acknowledged.stream()
                        .filter(n -> {
                            try {
                                return server.directory().getEntry(TestEntries.boxDn(server.baseDn(), n)) == null;
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        })
                        .toList();
                assertThat(missing).as("acknowledged adds missing after kill -9").isEmpty();
                int boxes = server.entryCount() - TestTree.DEFINITION.skeleton(server.baseDn()).size();
                // Adds in flight at a kill may or may not be there, but no more than one per writer and kill.
                assertThat(boxes).isBetween(acknowledged.size(), acknowledged.size() + WRITERS * (round + 1));
            }
        }
        assertThat(new DataFolder(data).snapshots()).as("compactions happened during the writes").isNotEmpty();
    }

    private List<Integer> writeUntilKilled(Path data, int first) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path errors = dir.resolve("writer-" + first + ".err");
        Process writer = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                CrashingWriter.class.getName(), data.toString(), Integer.toString(first),
                Integer.toString(WRITERS))
                .redirectError(errors.toFile())
                .start();
        List<Integer> acknowledged = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(writer.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            boolean killed = false;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    acknowledged.add(Integer.parseInt(line.substring(4)));
                }
                if (!killed && acknowledged.size() >= ACKS_BEFORE_KILL) {
                    kill9(writer.pid());
                    killed = true;
                }
            }
            assertThat(killed).as("writer stopped before being killed: " + Files.readString(errors)).isTrue();
        } finally {
            writer.destroyForcibly();
        }
        assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(writer.exitValue()).isEqualTo(SIGKILL_EXIT);
        return acknowledged;
    }

    private static void kill9(long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }
}
