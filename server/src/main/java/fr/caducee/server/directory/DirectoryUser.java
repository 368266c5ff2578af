package fr.caducee.server.directory;

import org.apache.james.core.Username;
import org.apache.james.user.api.model.User;

import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.model.BoxAddress;

/** A directory account as James sees it: verification and password changes go to the directory. */
final class DirectoryUser implements User {

    private final Username username;
    private final BoxAddress address;
    private final Directory directory;
    private final DirectoryPasswords passwords;

    DirectoryUser(Username username, BoxAddress address, Directory directory, DirectoryPasswords passwords) {
        this.username = username;
        this.address = address;
        this.directory = directory;
        this.passwords = passwords;
    }

    @Override
    public Username getUserName() {
        return username;
    }

    @Override
    public boolean verifyPassword(String pass) {
        return directory.authenticate(address, pass);
    }

    @Override
    public boolean setPassword(String newPass) {
        passwords.set(address, newPass);
        return true;
    }
}
