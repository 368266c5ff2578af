package fr.caducee.server.directory;

import javax.inject.Inject;

import org.apache.james.utils.GuiceProbe;

import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.directory.store.DirectoryStore;

/** Hands the directory to code running beside the server after it started (demo data). */
public class DirectoryProbe implements GuiceProbe {
    private final DirectoryStore store;
    private final Directory directory;
    private final DirectoryPasswords passwords;

    @Inject
    public DirectoryProbe(DirectoryStore store, Directory directory, DirectoryPasswords passwords) {
        this.store = store;
        this.directory = directory;
        this.passwords = passwords;
    }

    public DirectoryStore store() {
        return store;
    }

    public Directory directory() {
        return directory;
    }

    public DirectoryPasswords passwords() {
        return passwords;
    }
}
