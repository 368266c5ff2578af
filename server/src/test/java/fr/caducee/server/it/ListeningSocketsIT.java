package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fr.caducee.testkit.CaduceeProcess;
import fr.caducee.testkit.CaduceeServerExtension;
import fr.caducee.testkit.ListeningSockets.Listener;
import fr.caducee.testkit.ListeningSockets;
import fr.caducee.testkit.MailClient;

/**
 * The server opens no socket nobody configured: the sockets its process listens on are exactly the eight listeners
 * of the README's port table. (The spool's broker once opened an unauthenticated OpenWire port on loopback.)
 */
class ListeningSocketsIT {
    static final String DOCTOR = "dr.roux@inventaire.localhost";
    static final String COLLEAGUE = "dr.petit@inventaire.localhost";
    static final String PASSWORD = "pass-inventaire-2026";

    @RegisterExtension
    static final CaduceeServerExtension caducee = new CaduceeServerExtension()
        .withBox(DOCTOR, PASSWORD)
        .withBox(COLLEAGUE, PASSWORD);

    @Test
    void theProcessListensOnExactlyTheConfiguredListenersOnceMailWentThroughTheSpool() throws Exception {
        // A message through submission, the spool and local delivery first: whatever listens lazily is open by then.
        MailClient client = new MailClient(caducee.server());
        client.send(DOCTOR, PASSWORD, COLLEAGUE, "inventaire des ports", "Through the spool.");
        assertThat(client.awaitDelivered(COLLEAGUE, PASSWORD, "inventaire des ports")).hasSize(1);

        CaduceeProcess.Ports ports = caducee.server().ports();
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        Set<Listener> configured = Stream.of(ports.mx(), ports.submission(), ports.submissions(), ports.imap(),
                ports.imaps(), ports.webAdmin(), ports.directory(), ports.api(), ports.webmail())
            .map(port -> new Listener("tcp", loopback, port))
            .collect(Collectors.toSet());

        Set<Listener> listening = ListeningSockets.of(caducee.server().pid());

        assertThat(listening).as("sockets the server listens on (TCP LISTEN, unconnected UDP)")
            .containsExactlyInAnyOrderElementsOf(configured);
    }
}
