package fr.caducee.rules.delivery;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import javax.mail.Address;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.URLName;
import javax.mail.internet.InternetAddress;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import javax.security.auth.x500.X500Principal;

import com.sun.mail.smtp.SMTPSendFailedException;

import fr.caducee.domain.directory.TrustedDomains;

/**
 * JavaMail's SMTP transport for delivery to other operators, with the trust space's last check before anything is
 * sent: the connected server's certificate (chain, revocation and host name already checked during the handshake by
 * {@link OperatorTlsSocketFactory}) must have a subject DN the national whitelist lists for each recipient's domain
 * ({@link RemoteOperatorCheck}). Otherwise those recipients are refused with a {@code 550 5.7.1} send failure,
 * before MAIL FROM, which RemoteDelivery reports to the sender at once rather than retrying.
 *
 * <p>Registered in {@code META-INF/javamail.providers} under its own protocol name (so that it is never the
 * default for {@code smtp}) and chosen by RemoteDelivery's {@code mail.smtp.class} parameter. Its simple name must
 * stay {@code SMTPTransport}: RemoteDelivery converts every message to 7 bits for a transport whose class name does
 * not end in {@code .SMTPTransport}. The whitelist is handed over by the server at start ({@link #use}), since
 * JavaMail instantiates transports itself.
 */
public class SMTPTransport extends com.sun.mail.smtp.SMTPTransport {
    private static volatile RemoteOperatorCheck check;

    private X500Principal remote;
    private String remoteHost;

    public SMTPTransport(Session session, URLName url) {
        super(session, url);
    }

    /** Called by the server at start, before any delivery. */
    public static void use(TrustedDomains trustSpace) {
        check = new RemoteOperatorCheck(trustSpace);
    }

    @Override
    protected synchronized boolean protocolConnect(String host, int port, String user, String password) throws MessagingException {
        remote = null;
        remoteHost = host;
        OperatorTlsSocketFactory.forgetThisThreadsSocket();
        try {
            boolean connected = super.protocolConnect(host, port, user, password);
            remote = OperatorTlsSocketFactory.takeThisThreadsSocket().flatMap(SMTPTransport::subject).orElse(null);
            return connected;
        } catch (MessagingException e) {
            DeliveryFailures.note(e);
            throw e;
        } finally {
            OperatorTlsSocketFactory.forgetThisThreadsSocket();
        }
    }

    @Override
    public synchronized void sendMessage(Message message, Address[] addresses) throws MessagingException {
        try {
            sendChecked(message, addresses);
        } catch (MessagingException e) {
            DeliveryFailures.note(e);
            throw e;
        }
    }

    private void sendChecked(Message message, Address[] addresses) throws MessagingException {
        RemoteOperatorCheck current = check;
        if (current == null) {
            throw new MessagingException("Delivery to other operators is not set up yet: the national whitelist is not available");
        }
        Set<String> refusedDomains = current.domainsRefusing(remote, Arrays.stream(addresses).map(SMTPTransport::domain).distinct().toList());
        if (refusedDomains.isEmpty()) {
            super.sendMessage(message, addresses);
            return;
        }
        List<Address> refused = Arrays.stream(addresses).filter(address -> refusedDomains.contains(domain(address))).toList();
        List<Address> allowed = Arrays.stream(addresses).filter(address -> !refusedDomains.contains(domain(address))).toList();
        if (!allowed.isEmpty()) {
            super.sendMessage(message, allowed.toArray(Address[]::new));
        }
        throw new SMTPSendFailedException("MAIL", 550, current.reply(remoteHost, remote, refusedDomains), null,
            allowed.toArray(Address[]::new), new Address[0], refused.toArray(Address[]::new));
    }

    private static String domain(Address address) {
        String written = address instanceof InternetAddress internet ? internet.getAddress() : address.toString();
        return written.substring(written.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }

    private static Optional<X500Principal> subject(SSLSocket socket) {
        try {
            Certificate[] chain = socket.getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x509
                ? Optional.of(x509.getSubjectX500Principal()) : Optional.empty();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }
}
