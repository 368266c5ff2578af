package fr.caducee.server.webmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.testkit.StubRelay;
import fr.caducee.trust.pki.DevPki;
import fr.caducee.trust.pki.LeafRequest;

/** JavaMail against a relay on loopback: STARTTLS required and checked, AUTH after it, clear text only if said. */
class RelayTransportTest {
    static final String TO = "avis.famille@exemple.fr";

    @TempDir
    static Path pkiFolder;
    static DevPki pki;
    StubRelay relay;

    @BeforeAll
    static void pki() throws Exception {
        pki = DevPki.ensure(pkiFolder.resolve("pki"), List.of("localhost"));
    }

    @AfterEach
    void stop() throws Exception {
        if (relay != null) {
            relay.close();
        }
    }

    static NoticeSettings settings(int port, boolean starttls, Optional<NoticeSettings.Credentials> credentials) {
        return new NoticeSettings(Optional.of(new NoticeSettings.Relay("localhost", port)), starttls, credentials,
            "ne-pas-repondre@caducee.localhost", "https://messagerie.caducee.localhost");
    }

    static void send(RelayTransport transport, NoticeSettings settings) throws MessagingException {
        MimeMessage notice = NoticeMessage.write(transport.session(), settings.from(), TO, settings.origin(),
            Instant.now());
        transport.send(notice, TO);
    }

    @Test
    void aNoticeGoesOverStartTlsWithTheRelaysLogin() throws Exception {
        relay = StubRelay.withStartTls(pki.authority().issue(certificate("localhost")),
            Optional.of("caducee:mot de passe du relais"));
        NoticeSettings settings = settings(relay.port(), true,
            Optional.of(new NoticeSettings.Credentials("caducee", "mot de passe du relais")));

        send(new RelayTransport(settings, List.of(pki.rootCertificate())), settings);

        assertThat(relay.received()).singleElement().satisfies(received -> {
            assertThat(received.overTls()).isTrue();
            assertThat(received.login()).contains("caducee");
            assertThat(received.mailFrom()).isEqualTo("<ne-pas-repondre@caducee.localhost>");
            assertThat(received.rcptTo()).containsExactly("<" + TO + ">");
            assertThat(received.data()).contains("Subject: =?UTF-8?Q?Du_nouveau_sur_votre_messagerie_sant=C3=A9?=")
                .contains("Auto-Submitted: auto-generated");
        });
    }

    @Test
    void aRelayWithoutStartTlsGetsNothingWhenTlsIsRequired() throws Exception {
        relay = StubRelay.plain();
        NoticeSettings settings = settings(relay.port(), true, Optional.empty());

        assertThatThrownBy(() -> send(new RelayTransport(settings, List.of(pki.rootCertificate())), settings))
            .isInstanceOf(MessagingException.class).hasMessageContaining("STARTTLS");

        assertThat(relay.connections()).isEqualTo(1);
        assertThat(relay.received()).isEmpty();
    }

    @Test
    void aRelayWhoseCertificateNoAnchorSignedGetsNothing() throws Exception {
        relay = StubRelay.withStartTls(pki.authority().issue(certificate("localhost")), Optional.empty());
        NoticeSettings settings = settings(relay.port(), true, Optional.empty());

        assertThatThrownBy(() -> send(new RelayTransport(settings, List.of()), settings))
            .isInstanceOf(MessagingException.class);

        assertThat(relay.received()).isEmpty();
    }

    @Test
    void aRelayWhoseCertificateNamesAnotherHostGetsNothing() throws Exception {
        relay = StubRelay.withStartTls(pki.authority().issue(certificate("relais.ailleurs.example")), Optional.empty());
        NoticeSettings settings = settings(relay.port(), true, Optional.empty());

        assertThatThrownBy(() -> send(new RelayTransport(settings, List.of(pki.rootCertificate())), settings))
            .isInstanceOf(MessagingException.class);

        assertThat(relay.received()).isEmpty();
    }

    @Test
    void clearTextOnlyWhenSaid() throws Exception {
        relay = StubRelay.plain();
        NoticeSettings settings = settings(relay.port(), false, Optional.empty());

        send(new RelayTransport(settings, List.of()), settings);

        assertThat(relay.received()).singleElement().satisfies(received -> assertThat(received.overTls()).isFalse());
    }

    private static LeafRequest certificate(String host) {
        return LeafRequest.builder(host).dnsName(host).serverAuth(true).build();
    }
}
