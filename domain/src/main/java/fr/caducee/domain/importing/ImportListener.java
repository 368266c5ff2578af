package fr.caducee.domain.importing;

/**
 * Told of each rejection as it happens, so that a caller can keep all of them (the report keeps only the first
 * ones in memory). Calls are serialised by the import, but may come from its worker threads. A rejection may be
 * reported before the whole file is refused (a truncated last line is only seen at the end): the
 * {@link ImportRefusedException} then says that nothing was written.
 *
 * <p>An exception thrown here stops the import like a failure of the directory would.
 */
@FunctionalInterface
public interface ImportListener {

    /** Does nothing. */
    ImportListener NONE = rejection -> { };

    void rejected(ImportRejection rejection);
}
