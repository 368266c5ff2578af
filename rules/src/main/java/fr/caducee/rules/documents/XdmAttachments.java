package fr.caducee.rules.documents;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.internet.ContentDisposition;
import javax.mail.internet.ContentType;
import javax.mail.internet.MimeUtility;
import javax.mail.internet.ParseException;

import org.apache.james.protocols.api.ProtocolSession;

import fr.caducee.domain.documents.XdmArchive;

/**
 * Finds the {@code IHE_XDM.ZIP} attachments of a message: parts named so (case aside) by their
 * {@code Content-Disposition} filename or their {@code Content-Type} name, at any depth of nested multiparts. An
 * attached message ({@code message/rfc822}) is not opened: its documents are described by its own headers.
 */
public final class XdmAttachments {
    private static final int MAX_DEPTH = 32;

    private XdmAttachments() {
    }

    /**
     * Set on the SMTP transaction by the message's streaming structure check ({@code MessageStructureHook}), which
     * reads every part's header fields anyway: {@code false} when no part is named {@code IHE_XDM.ZIP}, so that a
     * message without an archive is not parsed a second time, into memory, only to find none.
     */
    public static final ProtocolSession.AttachmentKey<Boolean> NAMED_IN_MESSAGE =
        ProtocolSession.AttachmentKey.of("caducee.xdmArchiveNamed", Boolean.class);

    public static List<Part> find(Part message) throws MessagingException, IOException {
        List<Part> found = new ArrayList<>();
        collect(message, 0, found);
        return found;
    }

    private static void collect(Part part, int depth, List<Part> found) throws MessagingException, IOException {
        if (isXdmArchive(part)) {
            found.add(part);
        } else if (part.isMimeType("multipart/*")) {
            if (depth >= MAX_DEPTH) {
                // Skipping deeper parts would let an archive hide below the limit.
                throw new MessagingException("multiparts are nested more than " + MAX_DEPTH + " levels deep");
            }
            Object content = part.getContent();
            if (content instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    collect(multipart.getBodyPart(i), depth + 1, found);
                }
            }
        }
    }

    static boolean isXdmArchive(Part part) throws MessagingException {
        return namesArchive(first(part.getHeader("Content-Type")), first(part.getHeader("Content-Disposition")));
    }

    /**
     * Whether a part with these header fields (either may be null) is an {@code IHE_XDM.ZIP}, by the same reading as
     * {@link #find}: for a streaming pass over the message that sees the fields of every part without parsing it.
     */
    public static boolean namesArchive(String contentType, String contentDisposition) {
        return XdmArchive.FILE_NAME.equals(upper(dispositionFileName(contentDisposition)))
            || XdmArchive.FILE_NAME.equals(upper(contentTypeName(contentType)));
    }

    private static String first(String[] header) {
        return header == null || header.length == 0 ? null : header[0];
    }

    private static String dispositionFileName(String header) {
        if (header == null) {
            return null;
        }
        try {
            return decode(new ContentDisposition(header).getParameter("filename"));
        } catch (ParseException e) {
            return null;
        }
    }

    private static String contentTypeName(String header) {
        if (header == null) {
            return null;
        }
        try {
            return decode(new ContentType(header).getParameter("name"));
        } catch (ParseException e) {
            return null;
        }
    }

    /** Some clients write the name as an RFC 2047 encoded word; RFC 2231 values are decoded by the parameter list. */
    private static String decode(String name) {
        if (name == null) {
            return null;
        }
        try {
            return MimeUtility.decodeText(name);
        } catch (java.io.UnsupportedEncodingException e) {
            return name;
        }
    }

    private static String upper(String name) {
        return name == null ? null : name.trim().toUpperCase(Locale.ROOT);
    }
}
