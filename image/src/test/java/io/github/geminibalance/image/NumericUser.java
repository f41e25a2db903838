package io.github.geminibalance.image;

/**
 * A container user as numbers, {@code uid:gid}. A runtime can tell such a user is not root without
 * reading the image's {@code /etc/passwd} (Kubernetes' {@code runAsNonRoot} requires it).
 */
record NumericUser(long uid, long gid) {

    static final int READ = 4;
    static final int WRITE = 2;
    static final int EXECUTE = 1;

    static NumericUser parse(String user) {
        String[] ids = user.split(":");
        if (ids.length != 2) {
            throw new IllegalArgumentException("not uid:gid: '" + user + "'");
        }
        return new NumericUser(Long.parseLong(ids[0]), Long.parseLong(ids[1]));
    }

    boolean isRoot() {
        return uid == 0;
    }

    /**
     * Whether this user has {@code access} (a sum of READ, WRITE, EXECUTE) to the entry, as the kernel
     * decides it for anyone but root: by the owner's bits if the user owns it, else the group's if the
     * group is the user's, else everyone else's.
     */
    boolean has(int access, Tar.Entry entry) {
        int mode = entry.mode();
        int granted = uid == entry.uid() ? mode >> 6 : gid == entry.gid() ? mode >> 3 : mode;
        return (granted & access) == access;
    }
}
