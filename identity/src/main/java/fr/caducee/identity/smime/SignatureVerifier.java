package fr.caducee.identity.smime;

import java.io.IOException;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.internet.ContentType;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.internet.ParseException;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.CMSVerifierCertificateNotValidException;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.mail.smime.SMIMEException;
import org.bouncycastle.mail.smime.SMIMESigned;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.util.Store;

import fr.caducee.trust.certificate.CertificateValidator;

/**
 * Checks the S/MIME signature of an incoming message ({@code multipart/signed}, or {@code application/pkcs7-mime}
 * signed-data): every signature over the content (its digest, then the signature itself, BouncyCastle's
 * {@link SMIMESigned}), then its signer's certificate, carried in the message, chained to the trust anchors with the
 * same checks as a peer operator's certificate ({@link CertificateValidator}: validity now, revocation from the CAs'
 * lists) and allowed for e-mail. A message that is not signed with S/MIME has no result.
 *
 * <p>{@link SignatureResult.Status#INVALID}: altered, or unreadable; {@link SignatureResult.Status#UNTRUSTED}: a
 * signature that verifies but a signer that does not chain, is expired, revoked, not for e-mail, or whose CA has no
 * current revocation list (we cannot vouch for it then). With several signers, the first that is not valid decides.
 */
public final class SignatureVerifier {
    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();
    private static final int RFC822_NAME = 1;

    private final CertificateValidator validator;
    private final Clock clock;

    public SignatureVerifier(CertificateValidator validator, Clock clock) {
        this.validator = validator;
        this.clock = clock;
    }

    public Optional<SignatureResult> verify(MimeMessage message) {
        SMIMESigned signed;
        try {
            if (!isSmimeSigned(message)) {
                return Optional.empty();
            }
            signed = message.isMimeType("multipart/signed")
                ? new SMIMESigned((MimeMultipart) message.getContent())
                : new SMIMESigned(message);
        } catch (MessagingException | CMSException | SMIMEException | IOException | ClassCastException
                 | IllegalArgumentException e) {
            return Optional.of(SignatureResult.invalid("", Optional.empty(),
                "the signature cannot be read: " + e.getMessage()));
        }
        return Optional.of(check(signed));
    }

    private SignatureResult check(SMIMESigned signed) {
        Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
        if (signers.isEmpty()) {
            return SignatureResult.invalid("", Optional.empty(), "the signature names no signer");
        }
        @SuppressWarnings("unchecked")
        Store<X509CertificateHolder> carried = signed.getCertificates();
        SignatureResult first = null;
        for (SignerInformation signer : signers) {
            SignatureResult result = check(signer, carried);
            if (result.status() != SignatureResult.Status.VALID) {
                return result;
            }
            first = first == null ? result : first;
        }
        return first;
    }

    private SignatureResult check(SignerInformation signer, Store<X509CertificateHolder> carried) {
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> matches = carried.getMatches(signer.getSID());
        if (matches.isEmpty()) {
            return SignatureResult.invalid("", Optional.empty(),
                "the message does not carry the signer's certificate");
        }
        X509Certificate certificate;
        List<X509Certificate> all;
        try {
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            certificate = converter.getCertificate(matches.iterator().next());
            all = new ArrayList<>();
            for (X509CertificateHolder holder : carried.getMatches(null)) {
                all.add(converter.getCertificate(holder));
            }
        } catch (CertificateException e) {
            return SignatureResult.invalid("", Optional.empty(), "the signer's certificate cannot be read");
        }
        String subject = certificate.getSubjectX500Principal().getName();
        Optional<String> email = emailOf(certificate);
        try {
            if (!signer.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(BOUNCY_CASTLE).build(certificate))) {
                return SignatureResult.invalid(subject, email, "the signature does not match the message: it was "
                    + "altered after it was signed");
            }
        } catch (CMSSignerDigestMismatchException e) {
            return SignatureResult.invalid(subject, email, "the message was altered after it was signed (its digest "
                + "differs)");
        } catch (CMSVerifierCertificateNotValidException e) {
            return SignatureResult.untrusted(subject, email, "the signer's certificate was not valid when the "
                + "message was signed");
        } catch (CMSException | OperatorCreationException | RuntimeException e) {
            return SignatureResult.invalid(subject, email, "the signature cannot be verified: " + e.getMessage());
        }
        if (!SigningKey.forEmail(certificate)) {
            return SignatureResult.untrusted(subject, email, "the signer's certificate is not for e-mail (its "
                + "extendedKeyUsage lacks emailProtection)");
        }
        CertificateValidator.Verdict verdict = validator.validate(chain(certificate, all), clock.instant());
        if (!verdict.valid()) {
            return SignatureResult.untrusted(subject, email, verdict.sentence());
        }
        return SignatureResult.valid(subject, email);
    }

    /** S/MIME's multipart/signed (not PGP's), or application/pkcs7-mime signed-data. */
    static boolean isSmimeSigned(MimeMessage message) throws MessagingException {
        if (!ServerSigner.isSigned(message)) {
            return false;
        }
        try {
            ContentType type = new ContentType(message.getContentType());
            if (!type.match("multipart/signed")) {
                return true;
            }
            String protocol = Optional.ofNullable(type.getParameter("protocol")).orElse("").toLowerCase(Locale.ROOT);
            return protocol.equals("application/pkcs7-signature") || protocol.equals("application/x-pkcs7-signature");
        } catch (ParseException e) {
            return false;
        }
    }

    /** The signer's certificate, then each issuer found among those the message carries, up to an anchor or none. */
    static List<X509Certificate> chain(X509Certificate leaf, List<X509Certificate> carried) {
        List<X509Certificate> chain = new ArrayList<>(List.of(leaf));
        X509Certificate current = leaf;
        while (chain.size() <= carried.size()) {
            X509Certificate issuer = null;
            for (X509Certificate candidate : carried) {
                if (!chain.contains(candidate)
                        && candidate.getSubjectX500Principal().equals(current.getIssuerX500Principal())) {
                    issuer = candidate;
                    break;
                }
            }
            if (issuer == null) {
                break;
            }
            chain.add(issuer);
            current = issuer;
        }
        return chain;
    }

    /** The certificate's rfc822Name, else the emailAddress of its subject. */
    static Optional<String> emailOf(X509Certificate certificate) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> name : names) {
                    if (Integer.valueOf(RFC822_NAME).equals(name.get(0)) && name.get(1) instanceof String address) {
                        return Optional.of(address);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // read from the subject below
        }
        X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        for (RDN rdn : subject.getRDNs(PKCSObjectIdentifiers.pkcs_9_at_emailAddress)) {
            ASN1Encodable value = rdn.getFirst().getValue();
            return Optional.of(IETFUtils.valueToString(value));
        }
        return Optional.empty();
    }
}
