package fr.caducee.ldapengine;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Run in a separate JVM by {@link CrashRecoveryTest}, which kills it with SIGKILL: adds boxes from several threads
 * with frequent compactions and prints {@code ACK <n>} once the add of box n has returned, i.e. was acknowledged.
 *
 * <p>Arguments: data folder, first box number, number of writer threads.
 */
public final class CrashingWriter {

    private CrashingWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        int first = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.US_ASCII);
        EmbeddedLdapConfig config = EmbeddedLdapConfig.defaults(data).withListener("127.0.0.1", 0)
                .withCompactionThreshold(32 * 1024);
        EmbeddedLdapServer server = EmbeddedLdapServer.start(TestTree.DEFINITION, config, 10);
        String base = server.baseDn();
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            Thread writer = new Thread(() -> {
                for (int n = first + offset; ; n += threads) {
                    try {
                        server.directory().add(TestEntries.box(base, n));
                    } catch (Exception e) {
                        e.printStackTrace();
                        return;
                    }
                    synchronized (out) {
                        out.println("ACK " + n);
                        out.flush();
                    }
                }
            });
            writer.start();
            writers.add(writer);
        }
        for (Thread writer : writers) {
            writer.join();
        }
    }
}
