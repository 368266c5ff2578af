package fr.caducee.domain.importing;

/**
 * The file was refused as a whole before anything was written: wrong or missing header, last line cut short, LDIF
 * syntax error, or a setting of the import that the directory contradicts. The message names the line.
 */
public class ImportRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    public ImportRefusedException(String message) {
        super(message);
    }
}
