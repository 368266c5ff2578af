package fr.caducee.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import javax.mail.Flags;

/** The store/restart scenario shared by the managed and the external PostgreSQL tests: the same behaviour on either. */
public final class StoreScenario {
    private StoreScenario() {
    }

    public static void createBoxes(CaduceeProcess server, String domain, String sender, String recipient, String password)
            throws Exception {
        TestClients.WebAdmin admin = new TestClients.WebAdmin(server);
        admin.addDomain(domain);
        admin.addBox(sender, password);
        admin.addBox(recipient, password);
    }

    public static void submitFlagRestartAndRead(CaduceeProcess server, MailClient client, String sender, String recipient,
                                         String password) throws Exception {
        String subject = "Lettre de liaison " + UUID.randomUUID();
        client.send(sender, password, recipient, subject, "Patient vu ce jour. Bien confraternellement.");
        assertThat(client.awaitDelivered(recipient, password, subject)).hasSize(1);

        Flags flags = new Flags(Flags.Flag.SEEN);
        flags.add(Flags.Flag.FLAGGED);
        flags.add("caducee-triaged");
        client.setFlags(recipient, password, subject, flags);

        server.restart();

        assertThat(client.inbox(recipient, password, subject))
            .singleElement()
            .satisfies(kept -> {
                assertThat(kept.contains(Flags.Flag.SEEN)).isTrue();
                assertThat(kept.contains(Flags.Flag.FLAGGED)).isTrue();
                assertThat(kept.contains("caducee-triaged")).isTrue();
            });
    }

    /**
     * EXPUNGE of two of three messages, then a folder holding a copy of the third deleted: what is removed is gone,
     * the rest is untouched. The callers check the database behind.
     */
    public static void expungeAndDeleteAFolder(MailClient client, String sender, String recipient, String password)
            throws Exception {
        String subject = "Résultats de biologie " + UUID.randomUUID();
        for (int n = 1; n <= 3; n++) {
            client.send(sender, password, recipient, subject + " n" + n, "Bilan " + n + " normal.");
        }
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
            .until(() -> client.inbox(recipient, password, subject).size() == 3);

        assertThat(client.expunge(recipient, password, subject + " n1", subject + " n2")).isEqualTo(2);
        assertThat(client.inbox(recipient, password, subject + " n1")).isEmpty();
        assertThat(client.inbox(recipient, password, subject + " n2")).isEmpty();
        assertThat(client.inbox(recipient, password, subject + " n3")).hasSize(1);

        assertThat(client.copyToFolderAndDeleteIt(recipient, password, subject + " n3", "Archives " + UUID.randomUUID()))
            .isEqualTo(1);
        assertThat(client.inbox(recipient, password, subject)).hasSize(1);
    }
}
