package fr.caducee.server.settings;

/**
 * A setting's value the server will not take: where it was given (a file, the command line), its key and a sentence
 * a person can act on. Thrown at the first such value while the server starts; a configuration check collects every
 * one ({@link Settings#check}) and prints each as {@code problem: <where>: <key>: <sentence>}.
 */
public final class InvalidSetting extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String where;
    private final String key;
    private final String sentence;

    public InvalidSetting(String where, String key, String sentence) {
        this(where, key, sentence, where + ": " + key + " " + sentence);
    }

    /** With the message the start has always given for this problem, when it reads better than the parts joined. */
    public InvalidSetting(String where, String key, String sentence, String message) {
        super(message);
        this.where = where;
        this.key = key;
        this.sentence = sentence;
    }

    public String where() {
        return where;
    }

    public String key() {
        return key;
    }

    public String sentence() {
        return sentence;
    }
}
