package fr.caducee.server.autoconfig;

import fr.caducee.server.settings.Setting;

/**
 * The listeners a mail client uses, named as their SRV services are (RFC 6186, RFC 8314), in the order clients are
 * told to prefer them: implicit TLS before STARTTLS, as RFC 8314 recommends.
 */
public enum MailService {
    IMAPS("imaps", Setting.IMAPS_BIND, Protocol.IMAP, true),
    IMAP("imap", Setting.IMAP_BIND, Protocol.IMAP, false),
    SUBMISSIONS("submissions", Setting.SUBMISSIONS_BIND, Protocol.SMTP, true),
    SUBMISSION("submission", Setting.SUBMISSION_BIND, Protocol.SMTP, false);

    /** Reading (incoming) or sending (outgoing). */
    public enum Protocol { IMAP, SMTP }

    private final String name;
    private final Setting bind;
    private final Protocol protocol;
    private final boolean implicitTls;

    MailService(String name, Setting bind, Protocol protocol, boolean implicitTls) {
        this.name = name;
        this.bind = bind;
        this.protocol = protocol;
        this.implicitTls = implicitTls;
    }

    /** As the SRV record ({@code _imaps._tcp}) and {@code caducee.autoconfig.ports} name it. */
    public String serviceName() {
        return name;
    }

    Setting bind() {
        return bind;
    }

    public Protocol protocol() {
        return protocol;
    }

    /** TLS from the first byte; otherwise a plain greeting, then STARTTLS (required before any login). */
    public boolean implicitTls() {
        return implicitTls;
    }
}
