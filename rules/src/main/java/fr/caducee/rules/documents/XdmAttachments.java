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

/**
 * Finds the {@code IHE_XDM.ZIP} attachments of a message: parts named so (case aside) by their
 * {@code Content-Disposition} filename or their {@code Content-Type} name, at any depth of nested multiparts. An
 * attached message ({@code message/rfc822}) is not opened: its documents are described by its own headers.
 */
public final class XdmAttachments {
    private static final int MAX_DEPTH = 32;

    private XdmAttachments() {
    }

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
        return XdmArchive.FILE_NAME.equals(upper(dispositionFileName(part))) || XdmArchive.FILE_NAME.equals(upper(contentTypeName(part)));
    }

    private static String dispositionFileName(Part part) throws MessagingException {
        String[] header = part.getHeader("Content-Disposition");
        if (header == null || header.length == 0) {
            return null;
        }
        try {
            return decode(new ContentDisposition(header[0]).getParameter("filename"));
        } catch (ParseException e) {
            return null;
        }
    }

    private static String contentTypeName(Part part) throws MessagingException {
        String[] header = part.getHeader("Content-Type");
        if (header == null || header.length == 0) {
            return null;
        }
        try {
            return decode(new ContentType(header[0]).getParameter("name"));
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
