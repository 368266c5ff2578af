package fr.caducee.domain.documents;

import java.util.Objects;

/**
 * The attached {@code IHE_XDM.ZIP}, or a document in it, cannot be read. The message is a sentence for the sender:
 * what is wrong and, where it helps, what to do; the {@link Problem} tells callers which rule refused it.
 */
public final class UnreadableArchiveException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What kind of input was refused, so that each has its own rule id. */
    public enum Problem {
        /** Not a ZIP archive, truncated, or an entry that cannot be inflated. */
        UNREADABLE,
        /** Over a bound on the archive's size or number of entries. */
        TOO_LARGE,
        /** Inflates beyond a bound, or far beyond its compressed size: a decompression bomb. */
        DECOMPRESSION_BOMB,
        /** An entry name or a URI that climbs out of the archive ({@code ..}, absolute, drive letter, backslash). */
        PATH_TRAVERSAL,
        /** Two entries of the same name, so that readers may not see the same file. */
        DUPLICATE_ENTRY,
        /** No {@code IHE_XDM/<subset>/METADATA.XML}, or metadata that declares no document. */
        NO_METADATA,
        /** Metadata that contradicts itself (two type codes, two unique ids for one document...). */
        INCONSISTENT_METADATA,
        /** A document the metadata names is not in the archive. */
        MISSING_DOCUMENT,
        /** Not well-formed XML. */
        NOT_XML,
        /** XML that declares a document type (DTD): refused, so that no entity is ever expanded or fetched. */
        DOCTYPE,
        /** Well-formed XML that is not an HL7 CDA R2 {@code ClinicalDocument}. */
        NOT_CDA
    }

    private final Problem problem;

    public UnreadableArchiveException(String sentence) {
        this(Problem.UNREADABLE, sentence);
    }

    public UnreadableArchiveException(String sentence, Throwable cause) {
        this(Problem.UNREADABLE, sentence, cause);
    }

    public UnreadableArchiveException(Problem problem, String sentence) {
        super(sentence);
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    public UnreadableArchiveException(Problem problem, String sentence, Throwable cause) {
        super(sentence, cause);
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    public Problem problem() {
        return problem;
    }
}
