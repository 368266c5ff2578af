package fr.caducee.bench;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

import fr.caducee.trust.certificate.CertificateValidator;
import fr.caducee.trust.pki.CertificateAuthority.Revocation;
import fr.caducee.trust.pki.CertificateAuthority;
import fr.caducee.trust.pki.IssuedCertificate;
import fr.caducee.trust.pki.LeafRequest;
import fr.caducee.trust.pki.Pem;
import fr.caducee.trust.revocation.RevocationLists;

/**
 * What the MX's check of a peer certificate costs at MAIL FROM: RFC 5280 path validation of a peer's chain with
 * revocation read from its CA's list of {@code entries} revoked serials (the peer's is not among them). Runs with the
 * server's classpath:
 * {@code java -cp "bench/target/caducee-bench.jar:bench/target/lib/*:server/target/caducee-server.jar:server/target/lib/*" org.openjdk.jmh.Main RevocationCheckBenchmark}
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class RevocationCheckBenchmark {
    @Param({"0", "100000"})
    int entries;

    private CertificateValidator validator;
    private IssuedCertificate peer;

    @Setup
    public void setUp() throws Exception {
        Instant now = Instant.now();
        CertificateAuthority authority = CertificateAuthority.createRoot("Bench CA", now.minus(Duration.ofDays(1)),
            now.plus(Duration.ofDays(365)));
        SecureRandom random = new SecureRandom();
        List<Revocation> revoked = new ArrayList<>(entries);
        for (int i = 0; i < entries; i++) {
            revoked.add(new Revocation(new BigInteger(128, random).setBit(127), now.minus(Duration.ofDays(1))));
        }
        Path list = Files.createTempFile("bench-ca-", ".crl");
        Pem.writeRevocationList(list, authority.issueRevocationList(revoked, now.minus(Duration.ofMinutes(5)),
            now.plus(Duration.ofDays(7))));
        RevocationLists lists = new RevocationLists(List.of(list.toString()), List.of(authority.certificate()), Clock.systemUTC());
        if (!lists.refreshNow().isEmpty()) {
            throw new IllegalStateException("the bench list was refused");
        }
        Files.delete(list);
        validator = new CertificateValidator(List.of(authority.certificate()), lists);
        peer = authority.issue(LeafRequest.builder("mx.bench.localhost").dnsName("mx.bench.localhost")
            .clientAuth(true).build());
    }

    @Benchmark
    public CertificateValidator.Verdict validatePeerChain() {
        CertificateValidator.Verdict verdict = validator.validate(peer.chain(), Instant.now());
        if (!verdict.valid()) {
            throw new IllegalStateException(verdict.sentence());
        }
        return verdict;
    }
}
