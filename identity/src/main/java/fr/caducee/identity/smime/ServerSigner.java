package fr.caducee.identity.smime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import javax.mail.Header;
import javax.mail.MessagingException;
import javax.mail.Part;
import javax.mail.Session;
import javax.mail.internet.ContentType;
import javax.mail.internet.InternetHeaders;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.internet.ParseException;

import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.mail.smime.SMIMEException;
import org.bouncycastle.mail.smime.SMIMESignedGenerator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.util.Store;

/**
 * Signs a message the server wrote with the operator's key (RFC 8551, {@code multipart/signed}, BouncyCastle's
 * {@link SMIMESignedGenerator}): SHA-256 with the key's algorithm (RSA as IGC-Santé issues them, or ECDSA), the
 * signer's certificate (and its intermediates, never the root) included, the signing time signed.
 *
 * <p>The original's headers stay on the outer message ({@code From}, {@code To}, {@code Subject}, {@code Message-ID},
 * {@code In-Reply-To}, {@code Disposition-Notification-To}, the {@code X-MSS-*} headers...), so that receivers and our
 * own rules read them as before; its {@code Content-*} headers move inside, with its body, which is signed as it is
 * (nothing re-encoded). A message that is already signed ({@code multipart/signed} or {@code application/pkcs7-mime}
 * signed-data) is returned as it is: a message is never signed twice. Safe for concurrent use.
 */
public final class ServerSigner {
    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();
    private static final Session SESSION = Session.getInstance(new Properties());
    private static final String CONTENT_PREFIX = "content-";

    private final SigningKey key;
    private final String algorithm;
    private final Store<?> certificates;

    public ServerSigner(SigningKey key) {
        this.key = key;
        this.algorithm = signatureAlgorithm(key.key());
        try {
            this.certificates = new JcaCertStore(withoutRoot(key.chain()));
        } catch (CertificateEncodingException e) {
            throw new SigningKey.SigningKeyException("the signing certificate cannot be encoded: " + e.getMessage(), e);
        }
    }

    /** SHA-256 with the key's own algorithm. */
    static String signatureAlgorithm(PrivateKey key) {
        return switch (key.getAlgorithm().toUpperCase(Locale.ROOT)) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            default -> throw new IllegalArgumentException("a " + key.getAlgorithm() + " key cannot sign S/MIME here "
                + "(RSA or EC)");
        };
    }

    /** The signer's certificate. */
    public X509Certificate certificate() {
        return key.certificate();
    }

    /**
     * The message signed: a new message with the original's headers outside, or the message itself when it is signed
     * already.
     *
     * @throws MessagingException when the message cannot be read or signed: nothing was changed
     */
    public MimeMessage sign(MimeMessage message) throws MessagingException {
        if (isSigned(message)) {
            return message;
        }
        // A message composed in memory has no body bytes yet: it is written once to have them, as the spool would.
        MimeMessage source = hasRawBody(message) ? message : reread(message);
        MimeMultipart signed;
        try {
            SMIMESignedGenerator generator = new SMIMESignedGenerator();
            generator.addSignerInfoGenerator(new JcaSimpleSignerInfoGeneratorBuilder().setProvider(BOUNCY_CASTLE)
                .build(algorithm, key.key(), key.certificate()));
            generator.addCertificates(certificates);
            signed = generator.generate(content(source));
        } catch (OperatorCreationException | CertificateEncodingException | SMIMEException
                 | IOException e) {
            throw new MessagingException("the message cannot be signed: " + e.getMessage(), e);
        }
        MimeMessage outer = new MimeMessage(SESSION) {
            @Override
            protected void updateMessageID() throws MessagingException {
                // The original's Message-ID is kept: receipts and conversations are matched by it.
                if (getHeader("Message-ID") == null) {
                    super.updateMessageID();
                }
            }
        };
        Enumeration<Header> headers = source.getAllHeaders();
        while (headers.hasMoreElements()) {
            Header header = headers.nextElement();
            if (!isContentHeader(header.getName())) {
                outer.addHeader(header.getName(), header.getValue());
            }
        }
        outer.setContent(signed, signed.getContentType());
        outer.setHeader("MIME-Version", "1.0");
        outer.setHeader("Content-Type", signed.getContentType());
        // Written once, then read back: the signature is computed as it is written, and never again after this.
        return reread(outer);
    }

    /** A {@code multipart/signed} message, or an {@code application/pkcs7-mime} one of smime-type signed-data. */
    public static boolean isSigned(Part message) throws MessagingException {
        String type = message.getContentType();
        if (type == null) {
            return false;
        }
        try {
            ContentType contentType = new ContentType(type);
            if (contentType.match("multipart/signed")) {
                return true;
            }
            if (contentType.match("application/pkcs7-mime") || contentType.match("application/x-pkcs7-mime")) {
                String smimeType = contentType.getParameter("smime-type");
                return smimeType == null || smimeType.equalsIgnoreCase("signed-data");
            }
            return false;
        } catch (ParseException e) {
            return false;
        }
    }

    /** The original's Content-* header lines and its body as it is, as one body part. */
    private static MimeBodyPart content(MimeMessage message) throws MessagingException, IOException {
        InternetHeaders headers = new InternetHeaders();
        Enumeration<String> lines = message.getAllHeaderLines();
        boolean typed = false;
        while (lines.hasMoreElements()) {
            String line = lines.nextElement();
            int colon = line.indexOf(':');
            String name = colon < 0 ? line : line.substring(0, colon);
            if (isContentHeader(name)) {
                headers.addHeaderLine(line);
                typed |= name.trim().equalsIgnoreCase("Content-Type");
            }
        }
        if (!typed) {
            // What a message without Content-Type is (RFC 2045 5.2), said explicitly now that it is a part.
            headers.addHeader("Content-Type", "text/plain; charset=us-ascii");
        }
        byte[] body;
        try (InputStream raw = message.getRawInputStream()) {
            body = raw.readAllBytes();
        }
        return new MimeBodyPart(headers, body);
    }

    private static boolean hasRawBody(MimeMessage message) {
        try (InputStream raw = message.getRawInputStream()) {
            return raw != null;
        } catch (MessagingException | IOException e) {
            return false;
        }
    }

    private static boolean isContentHeader(String name) {
        return name.trim().toLowerCase(Locale.ROOT).startsWith(CONTENT_PREFIX);
    }

    private static MimeMessage reread(MimeMessage message) throws MessagingException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            message.writeTo(bytes);
        } catch (IOException e) {
            throw new MessagingException("the signed message cannot be written: " + e.getMessage(), e);
        }
        return new MimeMessage(SESSION, new ByteArrayInputStream(bytes.toByteArray()));
    }

    private static List<X509Certificate> withoutRoot(List<X509Certificate> chain) {
        List<X509Certificate> sent = new ArrayList<>();
        for (X509Certificate certificate : chain) {
            boolean selfSigned = certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal());
            if (!selfSigned || sent.isEmpty()) {
                sent.add(certificate);
            }
        }
        return sent;
    }
}
