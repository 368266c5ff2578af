package fr.caducee.server.directory;

import javax.inject.Inject;

import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.directory.PasswordScheme;
import fr.caducee.domain.directory.store.DirectoryStore;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.InvalidModelException;

/** Sets and resets account passwords: hashed with the configured scheme, stored in the directory, seen at once. */
public class DirectoryPasswords {

    /** Shorter passwords are refused: they would fall to an offline guess whatever the hash. */
    static final int MINIMUM_LENGTH = 12;

    private final DirectoryStore store;
    private final Directory directory;
    private final PasswordScheme scheme;

    @Inject
    public DirectoryPasswords(DirectoryStore store, Directory directory, PasswordScheme scheme) {
        this.store = store;
        this.directory = directory;
        this.scheme = scheme;
    }

    /** Refused with an InvalidModelException saying why when the password is too weak. */
    public void set(BoxAddress login, String password) {
        if (password == null || password.codePointCount(0, password.length()) < MINIMUM_LENGTH) {
            throw new InvalidModelException("the password of " + login + " must have at least " + MINIMUM_LENGTH
                + " characters");
        }
        store.setPasswordHash(login, scheme.hash(password));
        directory.forget(login);
    }
}
