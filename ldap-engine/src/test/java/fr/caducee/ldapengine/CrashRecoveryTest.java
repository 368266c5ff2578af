package fr.caducee.ldapengine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.testkit.KillNine;

/**
 * Kills a writing JVM with SIGKILL in the middle of its writes and compactions, then checks that every add it had
 * acknowledged is in the directory rebuilt from its data folder; twice, the second time on the recovered folder.
 */
class CrashRecoveryTest {

    private static final int ACKS_BEFORE_KILL = 1500;
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
        return KillNine.acknowledgedUntilKilled(dir.resolve("writer-" + first + ".err"), ACKS_BEFORE_KILL,
                CrashingWriter.class, data.toString(), Integer.toString(first), Integer.toString(WRITERS))
            .stream().map(Long::intValue).toList();
    }
}
