package fr.caducee.webmail.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import fr.caducee.webmail.WebmailSettings;
import fr.caducee.testkit.MutableClock;
import fr.caducee.webmail.fakes.RecordingAudit;

/**
 * What an open session costs in memory: the heap used by 20,000 of them (their map entry, key, session, token,
 * patient address and client address), after a full collection, divided by their number.
 */
class SessionMemoryTest {
    private static final int SESSIONS = 20_000;

    @Test
    void anOpenSessionTakesLessThanAKilobyte() {
        Sessions sessions = new Sessions(WebmailSettings.defaults("https://webmail.caducee.test"),
            new RecordingAudit(), new MutableClock(Instant.parse("2026-12-07T10:00:00Z")));
        long before = usedAfterCollection();
        for (int i = 0; i < SESSIONS; i++) {
            // Each session's strings are its own, as they are when every login parses its own address.
            sessions.open(String.format("%015d@patient.caducee.test", 146026322000196L + i),
                Binding.of("Mozilla/5.0 (Linux; Android 14) Chrome/131.0 Mobile Safari/537.36",
                    "203.0." + (i / 256 % 256) + "." + (i % 256)), null);
        }
        long after = usedAfterCollection();
        long perSession = (after - before) / SESSIONS;

        System.out.println("Heap per open session: " + perSession + " bytes (" + SESSIONS + " sessions)");
        assertThat(sessions.count()).isEqualTo(SESSIONS);
        assertThat(perSession).isBetween(100L, 1024L);
    }

    private static long usedAfterCollection() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
