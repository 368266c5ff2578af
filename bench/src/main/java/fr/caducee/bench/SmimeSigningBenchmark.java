package fr.caducee.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import fr.caducee.identity.smime.ServerSigner;
import fr.caducee.identity.smime.SignatureResult;
import fr.caducee.identity.smime.SignatureVerifier;
import fr.caducee.identity.smime.SigningKey;
import fr.caducee.testkit.ServerMessages;
import fr.caducee.trust.certificate.CertificateValidator;
import fr.caducee.trust.pki.CertificateAuthority;
import fr.caducee.trust.pki.IssuedCertificate;
import fr.caducee.trust.pki.KeyAlgorithm;
import fr.caducee.trust.pki.Pem;
import fr.caducee.trust.pki.SigningRequest;
import fr.caducee.trust.revocation.RevocationLists;

/**
 * What the operator's signature costs per message the server writes, in process, one thread: signing a typical
 * notice (2 KB of text) and a DSN carrying its original (100 KB), written out as the spool stores it, with the
 * development PKI's kind of key (RSA 3072) and with EC P-256; and checking such a signature as {@code SignatureCheck}
 * does for an incoming one (digest, signature, chain to the anchors with a revocation list). One thread, so operations
 * per second are 1,000,000 / the µs per operation it prints. Run from the repository's
 * root: {@code java -cp "bench/target/caducee-bench.jar:bench/target/lib/*:server/target/caducee-server.jar:server/target/lib/*"
 * org.openjdk.jmh.Main SmimeSigningBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class SmimeSigningBenchmark {
    private static final Session SESSION = Session.getInstance(new Properties());

    @Param({"notice", "dsn"})
    String message;

    @Param({"RSA_3072", "EC_P256"})
    String key;

    private byte[] unsigned;
    private byte[] signed;
    private ServerSigner signer;
    private SignatureVerifier verifier;

    @Setup
    public void setUp() throws Exception {
        Instant now = Instant.now();
        CertificateAuthority root = CertificateAuthority.createRoot("Bench root", now.minus(Duration.ofDays(1)),
            now.plus(Duration.ofDays(365)));
        SigningRequest request = SigningRequest.of("CN=Caducee operator signature,O=Caducee,C=FR",
            "postmaster@caducee.localhost");
        IssuedCertificate operator = root.issue(new SigningRequest(request.subject(), request.email(),
            request.notBefore(), request.notAfter(), KeyAlgorithm.valueOf(key)));
        signer = new ServerSigner(SigningKey.of(operator.privateKey(), operator.chain(), now, "bench"));
        Path folder = Files.createTempDirectory("smime-bench");
        Path crl = folder.resolve("root.crl");
        Pem.writeRevocationList(crl, root.issueRevocationList(List.of(), now.minus(Duration.ofHours(1)),
            now.plus(Duration.ofDays(7))));
        RevocationLists lists = new RevocationLists(List.of(crl.toString()), List.of(root.certificate()),
            Clock.systemUTC());
        lists.refreshNow();
        verifier = new SignatureVerifier(new CertificateValidator(List.of(root.certificate()), lists),
            Clock.systemUTC());
        unsigned = (message.equals("notice") ? notice() : dsn()).getBytes(StandardCharsets.UTF_8);
        signed = bytes(signer.sign(parse(unsigned)));
        if (verifier.verify(parse(signed)).map(SignatureResult::status).orElse(null)
                != SignatureResult.Status.VALID) {
            throw new IllegalStateException("the benchmark's signature does not verify");
        }
    }

    /** Read from the spool's bytes, signed, written back as the spool stores it. */
    @Benchmark
    public byte[] sign() throws Exception {
        return bytes(signer.sign(parse(unsigned)));
    }

    /** Read from bytes, as the mailet reads an incoming signed message, and checked. */
    @Benchmark
    public Optional<SignatureResult> verify() throws Exception {
        return verifier.verify(parse(signed));
    }

    private static MimeMessage parse(byte[] bytes) throws Exception {
        return new MimeMessage(SESSION, new ByteArrayInputStream(bytes));
    }

    private static byte[] bytes(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    /** About 2 KB: an ED notice's headers and text. */
    static String notice() {
        StringBuilder text = new StringBuilder("""
            Return-Path: <urgences@chu-exemple.fr>
            From: urgences@chu-exemple.fr
            To: dr.martin@caducee.localhost
            Subject: =?UTF-8?Q?Arriv=C3=A9e_aux_urgences_de_votre_patient?=
            Date: Mon, 7 Dec 2026 10:15:00 +0100
            Message-ID: <gw.0123456789abcdef0123456789abcdef@caducee.localhost>
            X-MSS-NIL: Caducee/0.1
            MIME-Version: 1.0
            Content-Type: text/plain; charset=UTF-8
            Content-Transfer-Encoding: quoted-printable

            """);
        while (text.length() < 2048) {
            text.append("Votre patient est arriv=C3=A9 aux urgences du CH Exemple =C3=A0 10 h 15, aucun diagnostic.\n");
        }
        return text.toString().replace("\n", "\r\n");
    }

    /** A DSN as James writes it, with the original message (100 KB, an IHE_XDM.ZIP attached) returned whole. */
    static String dsn() {
        return ServerMessages.dsn(100).replace("\n", "\r\n");
    }
}
