package fr.caducee.bench;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import fr.caducee.trust.pki.CertificateAuthority.Revocation;
import fr.caducee.trust.pki.CertificateAuthority;
import fr.caducee.trust.pki.Pem;

/**
 * Writes a revocation list of N random serials signed by a CA (a development root), the size of a large national
 * CA's list, to measure what checking against it costs. Runs with the server's classpath:
 * {@code LargeRevocationList CA.pem CA.key.pem ENTRIES OUT.crl}.
 */
public final class LargeRevocationList {
    private LargeRevocationList() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: LargeRevocationList CA.pem CA.key.pem ENTRIES OUT.crl");
            System.exit(2);
        }
        CertificateAuthority authority = CertificateAuthority.load(Path.of(args[0]), Path.of(args[1]));
        int entries = Integer.parseInt(args[2]);
        SecureRandom random = new SecureRandom();
        Instant now = Instant.now();
        List<Revocation> revoked = new ArrayList<>(entries);
        for (int i = 0; i < entries; i++) {
            revoked.add(new Revocation(new BigInteger(128, random).setBit(127), now.minus(Duration.ofMinutes(random.nextInt(525_600)))));
        }
        X509CRL crl = authority.issueRevocationList(revoked, now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofDays(90)));
        Pem.writeRevocationList(Path.of(args[3]), crl);
        System.out.println("wrote " + args[3] + ": " + entries + " entries, " + crl.getEncoded().length + " bytes (DER)");
    }
}
