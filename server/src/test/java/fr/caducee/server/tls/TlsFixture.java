package fr.caducee.server.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import fr.caducee.server.TlsMaterial;
import fr.caducee.trust.pki.CertificateAuthority;
import fr.caducee.trust.pki.IssuedCertificate;
import fr.caducee.trust.pki.LeafRequest;
import fr.caducee.trust.pki.Pem;

/** A CA in an anchors folder, a server keystore it issued, and the TLS material on them, in a test's folder. */
public final class TlsFixture {
    public static final char[] SECRET = "fixture-secret".toCharArray();

    public final Path folder;
    public final CertificateAuthority ca;
    public final Path anchors;
    public final Path keystore;

    public TlsFixture(Path folder) throws IOException {
        this.folder = folder;
        this.ca = CertificateAuthority.createRoot("Test root " + System.nanoTime(), Instant.now().minus(Duration.ofDays(1)),
            Instant.now().plus(Duration.ofDays(3650)));
        this.anchors = Files.createDirectories(folder.resolve("trust-anchors"));
        Pem.writeCertificate(anchors.resolve("root.pem"), ca.certificate());
        this.keystore = folder.resolve("server.p12");
        writeServerKeystore(Duration.ofDays(365));
    }

    public TlsMaterial material() throws Exception {
        return TlsMaterial.of(keystore, SECRET, anchors, List.of(), folder.resolve("trust-anchors.p12"));
    }

    /** Replaces the keystore by a new certificate for {@code localhost}, valid {@code validity} from now. */
    public IssuedCertificate writeServerKeystore(Duration validity) throws IOException {
        IssuedCertificate server = ca.issue(LeafRequest.builder("localhost").dnsName("localhost").serverAuth(true)
            .clientAuth(true).validity(Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(validity)).build());
        server.writePkcs12(keystore, SECRET, "caducee");
        return server;
    }
}
