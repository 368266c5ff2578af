package fr.caducee.server.it;

import static fr.caducee.server.it.GatewayHospital.field;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import fr.caducee.domain.model.BoxAddress;
import fr.caducee.gateway.AnsMessages;
import fr.caducee.gateway.GatewayMessageIds;
import fr.caducee.testkit.CaduceeServerExtension;
import fr.caducee.testkit.ImapDialogue;
import fr.caducee.testkit.MllpClient;

/**
 * Not part of the suite (no IT suffix): the hospital gateway measured on the packaged server. (1) The time from the
 * {@code AA} a hospital reads to the GP's notice readable over IMAP (IDLE on each GP's INBOX), admissions sent at a
 * steady 20 per second on 4 TLS connections to 4 GPs; (2) acknowledgements per second on 4 connections sending back to
 * back, arrivals that notify a GP, then discharges (A03) that change nothing. Run it alone:
 * {@code mvn -B -o -pl server -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=GatewayLatencyBench}; the figures are printed (lines starting {@code GATEWAY}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayLatencyBench {
    static final GatewayHospital HOSPITAL = new GatewayHospital("chu-mesure.localhost", "670000058");
    static final String DOMAIN = "cabinets-mesure.localhost";
    static final String PASSWORD = "pass-mesure-2026";
    static final int CONNECTIONS = 4;
    static final List<String> GPS = List.of("dr.un@" + DOMAIN, "dr.deux@" + DOMAIN, "dr.trois@" + DOMAIN,
        "dr.quatre@" + DOMAIN);
    static final int RATE = 20;
    static final int WARM_UP = 100;
    static final int MEASURED = 1_200;
    static final AtomicInteger SEQUENCE = new AtomicInteger();

    @RegisterExtension
    static final CaduceeServerExtension caducee = withGps(HOSPITAL.declaredOn(new CaduceeServerExtension()));

    static CaduceeServerExtension withGps(CaduceeServerExtension server) {
        GPS.forEach(gp -> server.withBox(gp, PASSWORD));
        return server;
    }

    @BeforeAll
    static void registerTheHospital() throws Exception {
        HOSPITAL.register(caducee.server());
    }

    @Test
    @Order(1)
    void fromTheAaToTheNoticeReadableOverImapAt20AdmissionsPerSecond() throws Exception {
        int total = WARM_UP + MEASURED;
        Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> readable = new ConcurrentHashMap<>();
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService watchers = Executors.newFixedThreadPool(GPS.size());
        for (String gp : GPS) {
            watchers.submit(() -> watch(gp, readable, done));
        }
        Thread.sleep(2_000);
        ExecutorService senders = Executors.newFixedThreadPool(CONNECTIONS);
        List<Future<?>> sending = new ArrayList<>();
        long start = System.nanoTime() + 500_000_000L;
        long interval = 1_000_000_000L / RATE;
        for (int c = 0; c < CONNECTIONS; c++) {
            int connection = c;
            sending.add(senders.submit(() -> {
                try (MllpClient hospital = HOSPITAL.connect(caducee.server())) {
                    for (int i = connection; i < total; i += CONNECTIONS) {
                        LockSupport.parkNanos(start + i * interval - System.nanoTime());
                        String gp = GPS.get(i % GPS.size());
                        String controlId = "LAT-" + i;
                        long before = System.nanoTime();
                        String ack = hospital.send(arrival(controlId, "V-LAT-" + i, gp));
                        long after = System.nanoTime();
                        assertThat(field(ack, "MSA", 1)).isEqualTo("AA");
                        sentAt.put(noticeId(controlId, gp), before);
                        acknowledged.put(noticeId(controlId, gp), after);
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : sending) {
            future.get();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (readable.size() < total && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        done.set(true);
        watchers.shutdown();
        senders.shutdown();

        List<Long> toInbox = new ArrayList<>();
        List<Long> toAck = new ArrayList<>();
        for (int i = WARM_UP; i < total; i++) {
            String id = noticeId("LAT-" + i, GPS.get(i % GPS.size()));
            toAck.add(acknowledged.get(id) - sentAt.get(id));
            if (readable.containsKey(id)) {
                toInbox.add(readable.get(id) - acknowledged.get(id));
            }
        }
        System.out.println("GATEWAY latency: " + MEASURED + " admissions at " + RATE + "/s on " + CONNECTIONS
            + " connections to " + GPS.size() + " GPs (after " + WARM_UP + " to warm up); notices readable: "
            + toInbox.size());
        System.out.println("GATEWAY send -> AA        " + percentiles(toAck));
        System.out.println("GATEWAY AA -> IMAP INBOX  " + percentiles(toInbox));
        assertThat(toInbox).hasSize(MEASURED);
    }

    @Test
    @Order(2)
    void acknowledgementsPerSecondOnFourConnections() throws Exception {
        for (boolean notify : new boolean[] {true, false}) {
            AtomicInteger answered = new AtomicInteger();
            long seconds = 20;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            ExecutorService senders = Executors.newFixedThreadPool(CONNECTIONS);
            List<Future<?>> sending = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                sending.add(senders.submit(() -> {
                    try (MllpClient hospital = HOSPITAL.connect(caducee.server())) {
                        while (System.nanoTime() < end) {
                            int n = SEQUENCE.incrementAndGet();
                            String message = notify ? arrival("TPS-" + n, "V-TPS-" + n, GPS.get(n % GPS.size()))
                                : AnsMessages.withField(AnsMessages.withField(AnsMessages.text("pam/sortie.er7"),
                                    "MSH", 4, "CHU-X^" + HOSPITAL.finess + "^M"), "MSH", 10, "A03-" + n);
                            assertThat(field(hospital.send(message), "MSA", 1)).isEqualTo("AA");
                            answered.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : sending) {
                future.get();
            }
            senders.shutdown();
            System.out.printf("GATEWAY throughput (%s): %d AA in %d s on %d connections: %.1f messages/s%n",
                notify ? "arrivals, a notice each" : "A03, nothing done", answered.get(), seconds, CONNECTIONS,
                answered.get() / (double) seconds);
        }
    }

    /** Records when each notice becomes readable: IDLE until EXISTS grows, then the new messages' Message-IDs. */
    private static Void watch(String gp, Map<String, Long> readable, AtomicBoolean done) throws Exception {
        try (ImapDialogue imap = ImapDialogue.connect(caducee.server())) {
            imap.login(gp, PASSWORD);
            int known = exists(imap.command("SELECT INBOX"), 0);
            while (!done.get()) {
                imap.writeRaw("i IDLE\r\n");
                int now = known;
                long seen = 0;
                for (String line = imap.readLine(); line != null; line = imap.readLine()) {
                    now = exists(List.of(line), now);
                    if (now > known) {
                        seen = System.nanoTime();
                        break;
                    }
                    if (done.get()) {
                        break;
                    }
                }
                imap.writeRaw("DONE\r\n");
                for (String line = imap.readLine(); line != null && !line.startsWith("i "); line = imap.readLine()) {
                    now = exists(List.of(line), now);
                }
                if (now > known) {
                    for (String line : imap.command("FETCH " + (known + 1) + ":" + now
                            + " (BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")) {
                        if (line.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                            readable.putIfAbsent(line.substring(11).strip(), seen);
                        }
                    }
                    known = now;
                }
            }
        }
        return null;
    }

    private static int exists(List<String> lines, int known) {
        int exists = known;
        for (String line : lines) {
            if (line.startsWith("* ") && line.endsWith(" EXISTS")) {
                exists = Integer.parseInt(line.substring(2, line.length() - 7));
            }
        }
        return exists;
    }

    private static String arrival(String controlId, String visit, String gp) {
        return HOSPITAL.admission(controlId, visit, "MESURE", GatewayHospital.rolOf(gp));
    }

    private static String noticeId(String controlId, String gp) {
        return GatewayMessageIds.of(BoxAddress.parse(HOSPITAL.box), controlId, GatewayMessageIds.Purpose.ED_NOTICE, gp,
            "caducee.localhost");
    }

    private static String percentiles(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return String.format("p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms (%d)", at(sorted, 0.50),
            at(sorted, 0.90), at(sorted, 0.99), sorted.get(sorted.size() - 1) / 1e6, sorted.size());
    }

    private static double at(List<Long> sorted, double quantile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1)) / 1e6;
    }
}
