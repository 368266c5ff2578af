package fr.caducee.domain.documents;

/**
 * The attached {@code IHE_XDM.ZIP} cannot be read as an XDM archive. The message is a sentence for the sender: what
 * is wrong and, where it helps, what to do.
 */
public final class UnreadableArchiveException extends Exception {
    private static final long serialVersionUID = 1L;

    public UnreadableArchiveException(String sentence) {
        super(sentence);
    }

    public UnreadableArchiveException(String sentence, Throwable cause) {
        super(sentence, cause);
    }
}
