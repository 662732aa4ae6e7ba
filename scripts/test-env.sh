#!/usr/bin/env bash
# scripts/test-env.sh: bring up, idempotently, every local service that docker-sdk's
# integration tests talk to. Run it as root from anywhere: `bash scripts/test-env.sh`.
#
# A step installs or starts a thing only when it is missing or not answering, so a second
# run is a few health probes and prints one status line per service.
#
# Services and where they listen:
#   dockerd    unix:///var/run/docker.sock  and  tcp://127.0.0.1:2376 (TLS, client certs required)
#   registry   127.0.0.1:5000 (htpasswd: testuser / testpassword)  and  127.0.0.1:5001 (no auth)
#   sshd       127.0.0.1:2222 (root, key only; `ssh dockersdk-test` via ~/.ssh/config; also
#              `ssh dsdk-nodocker`, a user whose PATH has no docker)
#   podman     unix:///run/podman/podman.sock (Docker-compatible API)
# The fixture image docker-sdk-test/busybox:latest is built from the host's static busybox
# (no registry needed) and imported into both Docker and Podman.
#
# Files (REPO = the checkout this script lives in):
#   REPO/target/test-env/*.env      DOCKER_HOST & co. for `env $(cat FILE) ...` or `set -a; . FILE`
#   REPO/target/test-env/tls/       ca.pem cert.pem key.pem (+ other key formats, see ensure_tls)
#   REPO/target/test-env/ssh/       client key, known_hosts and an ssh config for `ssh -F`
#   REPO/target/test-env/*.log      logs of the daemons this checkout started
#   $STATE (/var/lib/docker-sdk-test-env): the secrets the daemons use (CA, server cert, sshd
#       host key, authorized client key) and sshd's own config. They are machine-wide rather
#       than per checkout because the daemons are machine-wide (fixed ports): several
#       checkouts on one machine must share one CA and one ssh key, or each run from another
#       checkout would have to restart the daemons with its own material.
#
# Environment knobs: DOCKER_SDK_TEST_STATE (state dir), TEST_ENV_QUIET=1 (status lines only).
set -Eeuo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$REPO_ROOT/target/test-env"
STATE="${DOCKER_SDK_TEST_STATE:-/var/lib/docker-sdk-test-env}"

DOCKER_SOCK=/var/run/docker.sock
DOCKER_TLS_ADDR=127.0.0.1:2376
PODMAN_SOCK=/run/podman/podman.sock
REGISTRY_AUTH_ADDR=127.0.0.1:5000
REGISTRY_NOAUTH_ADDR=127.0.0.1:5001
REGISTRY_USER=testuser
REGISTRY_PASSWORD=testpassword
SSH_PORT=2222
SSH_ALIAS=dockersdk-test
# A user of our sshd whose login shell has no docker on its PATH, for the "docker missing on the
# remote" test; `ssh dsdk-nodocker` logs in as that user.
NODOCKER_USER=dsdk-nodocker
NODOCKER_SHELL=/usr/local/lib/docker-sdk-test-env/nodocker-shell

FIXTURE_IMAGE=docker-sdk-test/busybox:latest
# Bump FIXTURE_REV whenever the fixture's recipe changes: an image whose label differs is rebuilt.
FIXTURE_REV=busybox-1
FIXTURE_LABEL=docker-sdk-test.fixture
FIXTURE_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

PACKAGES=(
    curl openssl iptables
    docker.io          # dockerd 20.10 (+ containerd, runc, docker-init) and /usr/bin/docker
    busybox-static     # /bin/busybox, the only content of the fixture image
    docker-registry    # distribution registry v2, run directly with our own config
    apache2-utils      # htpasswd (bcrypt)
    openssh-server openssh-client
    podman             # 4.3 in bookworm; pulls conmon, crun/runc, containernetworking-plugins
    catatonit          # podman's init for `--init` / HostConfig.Init (dockerd ships docker-init)
    # CNI's dnsname plugin: containers on a podman network resolve each other's names and aliases
    # (dockerd's embedded DNS does this on user networks). podman adds it to networks it creates.
    golang-github-containernetworking-plugin-dnsname
)

START_TIME=$SECONDS

# ---------------------------------------------------------------------------------------------
# helpers

log() { [[ "${TEST_ENV_QUIET:-}" == 1 ]] || printf '[test-env] %s\n' "$*"; }
status() { printf '[test-env] %-9s %s\n' "$1:" "$2"; }
die() {
    printf '[test-env] ERROR: %s\n' "$*" >&2
    exit 1
}
on_error() {
    # Report once, from the main shell, not again from each command substitution on the way.
    ((BASH_SUBSHELL == 0)) || return 0
    printf '[test-env] ERROR: command failed (exit %s) at line %s: %s\n' "$1" "$2" "$3" >&2
}
trap 'on_error $? $LINENO "$BASH_COMMAND"' ERR

# show_log FILE: print the tail of a daemon log to stderr (used before giving up).
show_log() {
    if [[ -s "$1" ]]; then
        printf '[test-env] --- last lines of %s ---\n' "$1" >&2
        tail -n 25 "$1" >&2
        printf '[test-env] ---\n' >&2
    fi
}

# wait_for SECONDS CMD...: run CMD every 0.2 s until it succeeds; fail after SECONDS.
wait_for() {
    local deadline=$((SECONDS + $1))
    shift
    until "$@"; do
        ((SECONDS < deadline)) || return 1
        sleep 0.2
    done
}

# pid_alive PID [COMM]: the process exists (and its command name is COMM, when given).
pid_alive() {
    [[ -n "$1" ]] && kill -0 "$1" 2>/dev/null || return 1
    [[ -z "${2:-}" ]] || [[ "$(cat "/proc/$1/comm" 2>/dev/null)" == "$2" ]]
}

# stop_pid PID WHAT: SIGTERM, wait up to 60 s for the exit, then SIGKILL.
stop_pid() {
    local pid=$1 what=$2
    log "stopping $what (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || return 0
    if ! wait_for 60 eval "! kill -0 $pid 2>/dev/null"; then
        log "$what (pid $pid) ignored SIGTERM for 60 s; sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        wait_for 10 eval "! kill -0 $pid 2>/dev/null" || die "could not stop $what (pid $pid)"
    fi
}

# listener_pid PORT: pid of the process listening on 127.0.0.1:PORT / *:PORT, if any.
listener_pid() {
    { ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2; } || true
}

# start_daemon LOGFILE CMD...: start CMD detached in its own session; its output goes to
# LOGFILE, never to our stdout (a CI runner would otherwise wait for the pipe to close), and
# it must not inherit fd 9, our lock (it would hold the lock for its whole life). Prints the pid.
start_daemon() {
    local logfile=$1
    shift
    printf '\n==== %s: %s\n' "$(date -Is)" "$*" >>"$logfile"
    (cd / && exec setsid "$@" >>"$logfile" 2>&1 </dev/null 9>&-) &
    echo $!
}

# write_if_changed FILE MODE: write stdin to FILE only when the content differs. Returns 0
# when the file was (re)written, 1 when it was already up to date.
write_if_changed() {
    local file=$1 mode=$2 tmp
    tmp="$(mktemp "$file.XXXXXX")"
    cat >"$tmp"
    chmod "$mode" "$tmp"
    if [[ -f "$file" ]] && cmp -s "$tmp" "$file"; then
        rm -f "$tmp"
        chmod "$mode" "$file"
        return 1
    fi
    mv -f "$tmp" "$file"
}

# copy_if_changed SRC DST MODE
copy_if_changed() {
    write_if_changed "$2" "$3" <"$1" || true
}

http_code() { curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$@" 2>/dev/null || true; }

# ---------------------------------------------------------------------------------------------
# 1. packages

package_installed() {
    [[ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null)" == "ii "* ]]
}

ensure_packages() {
    local missing=() p
    for p in "${PACKAGES[@]}"; do
        package_installed "$p" || missing+=("$p")
    done
    if ((${#missing[@]} == 0)); then
        status packages "all installed"
        return
    fi
    log "installing ${missing[*]} (log: $OUT/apt.log)"
    # Keep the packages' own services (dockerd, a registry on :5000, sshd on :22) from being
    # started by their postinst scripts: we start our own, configured, instances below.
    local own_policy=0
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        own_policy=1
    fi
    local rc=0
    {
        apt-get update -q &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
    } >>"$OUT/apt.log" 2>&1 || rc=$?
    ((own_policy == 0)) || rm -f /usr/sbin/policy-rc.d
    if ((rc != 0)); then
        show_log "$OUT/apt.log"
        die "apt-get install ${missing[*]} failed (exit $rc)"
    fi
    status packages "installed ${missing[*]}"
}

# dockerd and podman need the cgroup hierarchies mounted. Machines of this kind boot with them
# (a v1/v2 hybrid under /sys/fs/cgroup); a bare machine without them gets cgroupfs-mount.
ensure_cgroups() {
    if [[ -e /sys/fs/cgroup/cgroup.controllers || -d /sys/fs/cgroup/memory ]]; then
        return
    fi
    log "no cgroup hierarchy under /sys/fs/cgroup; mounting one with cgroupfs-mount"
    package_installed cgroupfs-mount || {
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends cgroupfs-mount \
            >>"$OUT/apt.log" 2>&1 || {
            show_log "$OUT/apt.log"
            die "could not install cgroupfs-mount"
        }
    }
    cgroupfs-mount
}

# ---------------------------------------------------------------------------------------------
# 2. TLS material
#
# $STATE/tls holds the originals; $OUT/tls gets copies (everything but the CA key):
#   ca.pem                        the test CA (trust anchor for client and server)
#   server-cert.pem server-key.pem  dockerd's certificate: SAN IP:127.0.0.1, DNS:localhost
#   cert.pem key.pem              RSA client certificate (clientAuth); key.pem is PKCS#8
#   key-pkcs8.pem                 the same RSA key, PKCS#8   ("BEGIN PRIVATE KEY")
#   key-pkcs1.pem                 the same RSA key, PKCS#1   ("BEGIN RSA PRIVATE KEY")
#   key-encrypted.pem             the same RSA key, encrypted PKCS#8, passphrase "testpassword"
#   ec-cert.pem                   EC P-256 client certificate (clientAuth)
#   ec-key.pem                    its key, SEC1              ("BEGIN EC PRIVATE KEY")
#   ec-key-pkcs8.pem              its key, PKCS#8            ("BEGIN PRIVATE KEY")
# and ready-made DOCKER_CERT_PATH directories holding ca.pem, cert.pem and key.pem:
#   pkcs1/  (RSA, PKCS#1 key)    ec/  (EC cert, SEC1 key)    ec-pkcs8/  (EC cert, PKCS#8 key)

TLS_FILES=(ca.pem server-cert.pem server-key.pem cert.pem key.pem key-pkcs8.pem key-pkcs1.pem
    key-encrypted.pem ec-cert.pem ec-key.pem ec-key-pkcs8.pem)

# cert_matches_key CERT KEY: the certificate carries KEY's public key.
cert_matches_key() {
    [[ "$(openssl x509 -in "$1" -noout -pubkey 2>/dev/null)" == \
        "$(openssl pkey -in "$2" -pubout 2>/dev/null)" ]]
}

# pem_kind FILE: the first PEM header line of FILE.
pem_kind() { grep -m 1 -- '-----BEGIN' "$1" 2>/dev/null || true; }

tls_valid() {
    local d=$1 f
    for f in ca-key.pem "${TLS_FILES[@]}"; do
        [[ -s "$d/$f" ]] || return 1
    done
    openssl verify -CAfile "$d/ca.pem" "$d/server-cert.pem" "$d/cert.pem" "$d/ec-cert.pem" \
        >/dev/null 2>&1 || return 1
    # Still valid for at least 30 days.
    for f in ca.pem server-cert.pem cert.pem ec-cert.pem; do
        openssl x509 -in "$d/$f" -noout -checkend $((30 * 86400)) >/dev/null 2>&1 || return 1
    done
    cert_matches_key "$d/ca.pem" "$d/ca-key.pem" &&
        cert_matches_key "$d/server-cert.pem" "$d/server-key.pem" &&
        cert_matches_key "$d/cert.pem" "$d/key.pem" &&
        cert_matches_key "$d/cert.pem" "$d/key-pkcs1.pem" &&
        cert_matches_key "$d/ec-cert.pem" "$d/ec-key.pem" &&
        cert_matches_key "$d/ec-cert.pem" "$d/ec-key-pkcs8.pem" || return 1
    [[ "$(pem_kind "$d/key-pkcs8.pem")" == "-----BEGIN PRIVATE KEY-----" &&
        "$(pem_kind "$d/key-pkcs1.pem")" == "-----BEGIN RSA PRIVATE KEY-----" &&
        "$(pem_kind "$d/ec-key.pem")" == "-----BEGIN EC PRIVATE KEY-----" &&
        "$(pem_kind "$d/ec-key-pkcs8.pem")" == "-----BEGIN PRIVATE KEY-----" &&
        "$(pem_kind "$d/key-encrypted.pem")" == "-----BEGIN ENCRYPTED PRIVATE KEY-----" ]]
}

# sign_cert DIR NAME SUBJECT EXTENSIONS: DIR/NAME.csr -> DIR/NAME-cert.pem, signed by the CA.
sign_cert() {
    local d=$1 name=$2 subject=$3 ext=$4
    printf '%s\n' "$ext" >"$d/$name.ext"
    openssl req -new -key "$d/$name-key.pem" -subj "$subject" -out "$d/$name.csr"
    openssl x509 -req -in "$d/$name.csr" -CA "$d/ca.pem" -CAkey "$d/ca-key.pem" \
        -set_serial "0x$(openssl rand -hex 16)" -days 3650 -sha256 \
        -extfile "$d/$name.ext" -out "$d/$name-cert.pem" 2>/dev/null
    rm -f "$d/$name.csr" "$d/$name.ext"
}

generate_tls() {
    local d=$1
    rm -rf "$d"
    mkdir -p "$d"
    chmod 700 "$d"
    (
        cd "$d"
        umask 077
        # CA
        openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out ca-key.pem
        cat >ca.cnf <<'EOF'
[req]
distinguished_name = dn
prompt = no
x509_extensions = v3_ca
[dn]
CN = docker-sdk test CA
[v3_ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
EOF
        openssl req -x509 -new -config ca.cnf -key ca-key.pem -days 3650 -sha256 -out ca.pem
        rm -f ca.cnf

        # dockerd's server certificate
        openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out server-key.pem
        sign_cert . server "/CN=localhost" "basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1, DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid"

        # RSA client certificate and its key in several encodings
        openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out client-key.pem
        sign_cert . client "/CN=docker-sdk-test-client" "basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid"
        mv client-cert.pem cert.pem
        openssl pkey -in client-key.pem -out key-pkcs8.pem
        openssl rsa -in client-key.pem -traditional -out key-pkcs1.pem 2>/dev/null
        openssl pkcs8 -topk8 -in client-key.pem -v2 aes-256-cbc -passout pass:testpassword \
            -out key-encrypted.pem
        mv client-key.pem key.pem

        # EC (P-256) client certificate; SEC1 and PKCS#8 keys
        openssl genpkey -quiet -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
            -pkeyopt ec_param_enc:named_curve -out ec-key-pkcs8.pem
        openssl ec -in ec-key-pkcs8.pem -out ec-key.pem 2>/dev/null
        cp ec-key.pem ecclient-key.pem
        sign_cert . ecclient "/CN=docker-sdk-test-client-ec" "basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid"
        mv ecclient-cert.pem ec-cert.pem
        rm -f ecclient-key.pem
        chmod 644 ./*.pem
        chmod 600 ca-key.pem server-key.pem
    )
}

ensure_tls() {
    local src="$STATE/tls" dst="$OUT/tls" what="reused"
    if ! tls_valid "$src"; then
        log "generating the test CA and certificates in $src"
        generate_tls "$src"
        tls_valid "$src" || die "the freshly generated TLS material in $src does not verify"
        what="generated"
    fi
    mkdir -p "$dst" "$dst/pkcs1" "$dst/ec" "$dst/ec-pkcs8"
    local f
    for f in "${TLS_FILES[@]}"; do
        if [[ "$f" == *key* ]]; then
            copy_if_changed "$src/$f" "$dst/$f" 600
        else
            copy_if_changed "$src/$f" "$dst/$f" 644
        fi
    done
    for f in pkcs1 ec ec-pkcs8; do
        copy_if_changed "$src/ca.pem" "$dst/$f/ca.pem" 644
    done
    copy_if_changed "$src/cert.pem" "$dst/pkcs1/cert.pem" 644
    copy_if_changed "$src/key-pkcs1.pem" "$dst/pkcs1/key.pem" 600
    copy_if_changed "$src/ec-cert.pem" "$dst/ec/cert.pem" 644
    copy_if_changed "$src/ec-key.pem" "$dst/ec/key.pem" 600
    copy_if_changed "$src/ec-cert.pem" "$dst/ec-pkcs8/cert.pem" 644
    copy_if_changed "$src/ec-key-pkcs8.pem" "$dst/ec-pkcs8/key.pem" 600
    status tls "$what ($dst)"
}

# ---------------------------------------------------------------------------------------------
# 3. dockerd: unix socket + TLS on 127.0.0.1:2376

docker_unix_ok() {
    [[ "$(curl -fsS --max-time 3 --unix-socket "$DOCKER_SOCK" http://d/_ping 2>/dev/null)" == OK ]]
}

# TLS with our CA and client certificate (a dockerd started with another CA fails this).
docker_tls_ok() {
    [[ "$(curl -fsS --max-time 3 --cacert "$OUT/tls/ca.pem" --cert "$OUT/tls/cert.pem" \
        --key "$OUT/tls/key.pem" "https://$DOCKER_TLS_ADDR/_ping" 2>/dev/null)" == OK ]]
}

dockerd_pid() {
    local pid=""
    [[ -f /var/run/docker.pid ]] && pid="$(cat /var/run/docker.pid)"
    if pid_alive "$pid" dockerd; then
        echo "$pid"
    else
        pgrep -x dockerd | head -n 1 || true
    fi
}

ensure_dockerd() {
    if docker_unix_ok && docker_tls_ok; then
        status dockerd "running (unix://$DOCKER_SOCK, tcp://$DOCKER_TLS_ADDR with TLS)"
        return
    fi
    # Flags and daemon.json must not both set these, or dockerd refuses to start.
    if [[ -f /etc/docker/daemon.json ]] &&
        grep -Eq '"(hosts|tls|tlsverify|tlscacert|tlscert|tlskey)"' /etc/docker/daemon.json; then
        die "/etc/docker/daemon.json sets hosts/tls options, which conflict with the flags this script passes to dockerd; remove them"
    fi
    local pid
    pid="$(dockerd_pid)"
    if [[ -n "$pid" ]]; then
        # Running, but without our TLS listener: restart it with TLS. Its containerd child
        # goes down with it; wait for that too so the new dockerd can start its own.
        local containerd_pid=""
        [[ -f /var/run/docker/containerd/containerd.pid ]] &&
            containerd_pid="$(cat /var/run/docker/containerd/containerd.pid)"
        log "dockerd (pid $pid) does not serve TLS on $DOCKER_TLS_ADDR with our CA; restarting it"
        stop_pid "$pid" dockerd
        if pid_alive "$containerd_pid" containerd; then
            wait_for 30 eval "! kill -0 $containerd_pid 2>/dev/null" ||
                stop_pid "$containerd_pid" "dockerd's containerd"
        fi
    fi
    log "starting dockerd (log: $OUT/dockerd.log)"
    start_daemon "$OUT/dockerd.log" dockerd \
        -H "unix://$DOCKER_SOCK" \
        -H "tcp://$DOCKER_TLS_ADDR" --tlsverify \
        --tlscacert "$STATE/tls/ca.pem" \
        --tlscert "$STATE/tls/server-cert.pem" \
        --tlskey "$STATE/tls/server-key.pem" >/dev/null
    if ! wait_for 60 docker_unix_ok; then
        show_log "$OUT/dockerd.log"
        die "dockerd did not answer on $DOCKER_SOCK within 60 s"
    fi
    if ! wait_for 10 docker_tls_ok; then
        show_log "$OUT/dockerd.log"
        die "dockerd answers on $DOCKER_SOCK but not with TLS on $DOCKER_TLS_ADDR"
    fi
    # --tlsverify means a client without a certificate is turned away.
    if [[ "$(http_code --cacert "$OUT/tls/ca.pem" "https://$DOCKER_TLS_ADDR/_ping")" == 200 ]]; then
        die "dockerd accepted a TLS client without a certificate; is --tlsverify in effect?"
    fi
    status dockerd "started (unix://$DOCKER_SOCK, tcp://$DOCKER_TLS_ADDR with TLS)"
}

# ---------------------------------------------------------------------------------------------
# 4. fixture image docker-sdk-test/busybox:latest, from the host's /bin/busybox

# fixture_tar: build (once per checkout and FIXTURE_REV) a rootfs tarball: /bin/busybox, one
# symlink per applet where `busybox --list-full` puts it, /tmp (1777), /etc/passwd and
# /etc/group with root and nobody. Fixed owners, order and mtimes: the same bytes every time.
fixture_tar() {
    local tar="$OUT/fixture/$FIXTURE_REV.tar"
    if [[ ! -s "$tar" ]]; then
        local root="$OUT/fixture/rootfs"
        rm -rf "$root"
        mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,root,tmp,proc,sys,dev,var,home}
        cp /bin/busybox "$root/bin/busybox"
        chmod 755 "$root/bin/busybox"
        local applet
        while read -r applet; do
            [[ -n "$applet" && "$applet" != bin/busybox ]] || continue
            mkdir -p "$root/$(dirname "$applet")"
            ln -sf /bin/busybox "$root/$applet"
        done < <(/bin/busybox --list-full)
        chmod 1777 "$root/tmp"
        chmod 700 "$root/root"
        printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' \
            'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' >"$root/etc/passwd"
        printf '%s\n' 'root:x:0:' 'nogroup:x:65534:' >"$root/etc/group"
        chmod 644 "$root/etc/passwd" "$root/etc/group"
        tar -C "$root" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner \
            -cf "$tar.tmp" .
        mv "$tar.tmp" "$tar"
        rm -rf "$root"
    fi
    echo "$tar"
}

fixture_changes=(
    --change 'CMD ["sh"]'
    --change "ENV PATH=$FIXTURE_PATH"
    --change "LABEL $FIXTURE_LABEL=$FIXTURE_REV"
)

ensure_docker_fixture() {
    local rev
    rev="$(docker image inspect -f "{{ index .Config.Labels \"$FIXTURE_LABEL\" }}" \
        "$FIXTURE_IMAGE" 2>/dev/null || true)"
    if [[ "$rev" == "$FIXTURE_REV" ]]; then
        status fixture "docker: $FIXTURE_IMAGE present ($FIXTURE_REV)"
        return
    fi
    local tar
    mkdir -p "$OUT/fixture"
    tar="$(fixture_tar)"
    log "importing $FIXTURE_IMAGE into docker${rev:+ (replacing revision $rev)}"
    docker import "${fixture_changes[@]}" "$tar" "$FIXTURE_IMAGE" >/dev/null
    local out
    out="$(docker run --rm "$FIXTURE_IMAGE" echo ok 2>&1)" ||
        die "docker run --rm $FIXTURE_IMAGE echo ok failed: $out"
    [[ "$out" == ok ]] || die "docker run --rm $FIXTURE_IMAGE echo ok printed: $out"
    status fixture "docker: $FIXTURE_IMAGE imported and runs"
}

# ---------------------------------------------------------------------------------------------
# 5. registries: 127.0.0.1:5000 with htpasswd auth, 127.0.0.1:5001 anonymous

registry_auth_ok() {
    [[ "$(http_code "http://$REGISTRY_AUTH_ADDR/v2/")" == 401 &&
        "$(http_code -u "$REGISTRY_USER:$REGISTRY_PASSWORD" "http://$REGISTRY_AUTH_ADDR/v2/")" == 200 ]]
}

registry_noauth_ok() {
    [[ "$(http_code "http://$REGISTRY_NOAUTH_ADDR/v2/")" == 200 ]]
}

# write_registry_config NAME ADDR AUTH(0|1): prints the config path.
write_registry_config() {
    local name=$1 addr=$2 auth=$3 cfg="$OUT/registry-$1.yml"
    mkdir -p "$OUT/registry/$name"
    {
        cat <<EOF
# written by scripts/test-env.sh
version: 0.1
log:
  level: info
storage:
  filesystem:
    rootdirectory: $OUT/registry/$name
  delete:
    enabled: true
  cache:
    blobdescriptor: inmemory
http:
  addr: $addr
  secret: docker-sdk-test-$name
EOF
        if ((auth)); then
            cat <<EOF
auth:
  htpasswd:
    realm: docker-sdk-test
    path: $OUT/registry/htpasswd
EOF
        fi
    } | write_if_changed "$cfg" 644 || true
    echo "$cfg"
}

# registry_root PORT: the storage root directory of the registry listening on PORT, read from the
# config file on its command line (it may have been started by another checkout of this repository,
# whose target/ holds its data).
registry_root() {
    local pid cfg root
    pid="$(listener_pid "$1")"
    [[ -n "$pid" ]] || return 1
    cfg="$(tr '\0' '\n' <"/proc/$pid/cmdline" | tail -n 1)"
    root="$(sed -n 's/^ *rootdirectory: *//p' "$cfg" 2>/dev/null | head -n 1)"
    [[ -n "$root" ]] || return 1
    printf '%s\n' "$root"
}

# start_registry NAME ADDR AUTH PROBE
start_registry() {
    local name=$1 addr=$2 auth=$3 probe=$4
    if "$probe"; then
        status registry "$name: running (http://$addr)"
        return
    fi
    local port=${addr##*:} pid cfg
    pid="$(listener_pid "$port")"
    if [[ -n "$pid" ]]; then
        # Something answers on the port but not as it should (e.g. the packaged registry
        # without auth). Replace it if it is a registry; refuse to touch anything else.
        if [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == docker-registry ]]; then
            stop_pid "$pid" "the registry on port $port"
        else
            die "port $port is taken by pid $pid ($(cat "/proc/$pid/comm" 2>/dev/null)), which is not a registry"
        fi
    fi
    cfg="$(write_registry_config "$name" "$addr" "$auth")"
    log "starting registry $name on $addr (log: $OUT/registry-$name.log)"
    start_daemon "$OUT/registry-$name.log" docker-registry serve "$cfg" >/dev/null
    if ! wait_for 20 "$probe"; then
        show_log "$OUT/registry-$name.log"
        die "registry $name did not answer as expected on http://$addr/v2/ within 20 s"
    fi
    status registry "$name: started (http://$addr)"
}

ensure_registries() {
    mkdir -p "$OUT/registry"
    # bcrypt, as the registry requires; regenerated only when it stops matching.
    if ! htpasswd -vb "$OUT/registry/htpasswd" "$REGISTRY_USER" "$REGISTRY_PASSWORD" >/dev/null 2>&1; then
        htpasswd -Bbn "$REGISTRY_USER" "$REGISTRY_PASSWORD" >"$OUT/registry/htpasswd"
    fi
    start_registry auth "$REGISTRY_AUTH_ADDR" 1 registry_auth_ok
    start_registry noauth "$REGISTRY_NOAUTH_ADDR" 0 registry_noauth_ok
}

# ---------------------------------------------------------------------------------------------
# 6. sshd on 127.0.0.1:2222 and the client side of `ssh dockersdk-test`

SSH_STATE="$STATE/ssh"
SSH_OUT="$OUT/ssh"
SSH_MARK_BEGIN="# >>> docker-sdk test-env >>> (managed by scripts/test-env.sh; delete the block to undo)"
SSH_MARK_END="# <<< docker-sdk test-env <<<"

# ssh_client_config KEY KNOWN_HOSTS: the client options. `Host dockersdk-test` names the
# server; the Match block also gives ssh://root@127.0.0.1:2222 (no alias) the key and
# known_hosts, so both DOCKER_HOST spellings work with plain `ssh`.
ssh_client_config() {
    cat <<EOF
Host $SSH_ALIAS
    HostName 127.0.0.1
    Port $SSH_PORT
    User root
Host $NODOCKER_USER
    HostName 127.0.0.1
    Port $SSH_PORT
    User $NODOCKER_USER
Match host 127.0.0.1,localhost exec "test %p = $SSH_PORT"
    IdentityFile $1
    IdentitiesOnly yes
    UserKnownHostsFile $2
    StrictHostKeyChecking yes
    BatchMode yes
    ConnectTimeout 10
EOF
}

ssh_ping() {
    local out
    out="$(printf 'GET /_ping HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n' |
        timeout 15 ssh -F "$SSH_OUT/config" "$SSH_ALIAS" docker system dial-stdio 2>/dev/null |
        tr -d '\r' | tail -n 1)" || true
    [[ "$out" == OK ]]
}

ensure_ssh_material() {
    mkdir -p "$SSH_STATE" "$SSH_OUT"
    chmod 700 "$SSH_STATE" "$SSH_OUT"
    [[ -s "$SSH_STATE/ssh_host_ed25519_key" ]] ||
        ssh-keygen -q -t ed25519 -N '' -C docker-sdk-test-host -f "$SSH_STATE/ssh_host_ed25519_key"
    [[ -s "$SSH_STATE/id_ed25519" ]] ||
        ssh-keygen -q -t ed25519 -N '' -C docker-sdk-test-client -f "$SSH_STATE/id_ed25519"
    copy_if_changed "$SSH_STATE/id_ed25519.pub" "$SSH_STATE/authorized_keys" 600
    local hostkey
    hostkey="$(cut -d' ' -f1,2 "$SSH_STATE/ssh_host_ed25519_key.pub")"
    printf '[127.0.0.1]:%s %s\n[localhost]:%s %s\n' "$SSH_PORT" "$hostkey" "$SSH_PORT" "$hostkey" |
        write_if_changed "$SSH_STATE/known_hosts" 644 || true
    # A changed config is applied to a running sshd by ensure_sshd (SIGHUP).
    SSHD_CONFIG_CHANGED=0
    write_if_changed "$SSH_STATE/sshd_config" 644 <<EOF && SSHD_CONFIG_CHANGED=1
# sshd for docker-sdk's tests; written by scripts/test-env.sh
Port $SSH_PORT
ListenAddress 127.0.0.1
HostKey $SSH_STATE/ssh_host_ed25519_key
PidFile $SSH_STATE/sshd.pid
AuthorizedKeysFile $SSH_STATE/authorized_keys
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PrintMotd no
# Tests may open many connections at once.
MaxStartups 100:30:200
# $NODOCKER_USER cannot read the root-only file above: its key is in its home.
Match User $NODOCKER_USER
    AuthorizedKeysFile .ssh/authorized_keys
EOF
    # Client-side copies in this checkout, for `ssh -F target/test-env/ssh/config`.
    copy_if_changed "$SSH_STATE/id_ed25519" "$SSH_OUT/id_ed25519" 600
    copy_if_changed "$SSH_STATE/id_ed25519.pub" "$SSH_OUT/id_ed25519.pub" 644
    copy_if_changed "$SSH_STATE/known_hosts" "$SSH_OUT/known_hosts" 644
    ssh_client_config "$SSH_OUT/id_ed25519" "$SSH_OUT/known_hosts" |
        write_if_changed "$SSH_OUT/config" 600 || true
}

# Append (or update) our block in the user's ~/.ssh/config, so that plain `ssh` (and hence
# DOCKER_HOST=ssh://dockersdk-test) works. Everything outside the markers is left as it is.
# ssh reads ~ from the password database, not from $HOME, so that is where we look.
ensure_user_ssh_config() {
    local home cfg block current others
    home="$(getent passwd "$(id -un)" | cut -d: -f6)"
    cfg="$home/.ssh/config"
    mkdir -p "$home/.ssh"
    chmod 700 "$home/.ssh"
    [[ -f "$cfg" ]] || install -m 600 /dev/null "$cfg"
    block="$(printf '%s\n' "$SSH_MARK_BEGIN"
        ssh_client_config "$SSH_STATE/id_ed25519" "$SSH_STATE/known_hosts"
        printf '%s\n' "$SSH_MARK_END")"
    current="$(awk -v b="$SSH_MARK_BEGIN" -v e="$SSH_MARK_END" \
        '$0==b{p=1} p{print} $0==e{p=0}' "$cfg")"
    [[ "$current" != "$block" ]] || return 0
    # The file without our old block (trailing blank lines dropped); Host/Match blocks run to
    # the end of the file, so ours goes last, after a blank line.
    others="$(awk -v b="$SSH_MARK_BEGIN" -v e="$SSH_MARK_END" \
        '$0==b{skip=1} !skip{print} $0==e{skip=0}' "$cfg")"
    {
        [[ -z "$others" ]] || printf '%s\n\n' "$others"
        printf '%s\n' "$block"
    } | write_if_changed "$cfg" 600 || true
    log "updated the $SSH_ALIAS block in $cfg"
}

# The $NODOCKER_USER account: a user without a password (not a locked account, which sshd
# refuses) whose login shell runs /bin/sh with a PATH from which every directory holding a docker
# command is left out; it logs in with the test key.
ensure_nodocker_user() {
    mkdir -p "$(dirname "$NODOCKER_SHELL")"
    chmod 755 "$(dirname "$NODOCKER_SHELL")"
    write_if_changed "$NODOCKER_SHELL" 755 <<'EOF' || true
#!/bin/sh
# Login shell of the dsdk-nodocker test user (written by docker-sdk's scripts/test-env.sh):
# /bin/sh with a PATH that has no docker, like a remote host without the Docker CLI.
path=
for d in /usr/local/sbin /usr/local/bin /usr/sbin /usr/bin /sbin /bin; do
    [ -e "$d/docker" ] || path="${path:+$path:}$d"
done
PATH=$path
export PATH
exec /bin/sh "$@"
EOF
    if ! id "$NODOCKER_USER" >/dev/null 2>&1; then
        # Password '*': no password login, but not a locked account.
        useradd --system --create-home --home-dir "/home/$NODOCKER_USER" \
            --shell "$NODOCKER_SHELL" --password '*' "$NODOCKER_USER"
        log "created user $NODOCKER_USER (login shell $NODOCKER_SHELL)"
    fi
    [[ "$(getent passwd "$NODOCKER_USER" | cut -d: -f7)" == "$NODOCKER_SHELL" ]] ||
        usermod --shell "$NODOCKER_SHELL" "$NODOCKER_USER"
    local home
    home="$(getent passwd "$NODOCKER_USER" | cut -d: -f6)"
    install -d -m 700 -o "$NODOCKER_USER" -g "$(id -gn "$NODOCKER_USER")" "$home" "$home/.ssh"
    copy_if_changed "$SSH_STATE/id_ed25519.pub" "$home/.ssh/authorized_keys" 600
    chown "$NODOCKER_USER:" "$home/.ssh/authorized_keys"
}

# `ssh dsdk-nodocker docker ...` fails, and its stderr says docker is not found.
nodocker_check() {
    local err
    err="$(timeout 15 ssh -F "$SSH_OUT/config" "$NODOCKER_USER" docker version 2>&1 >/dev/null)" && return 1
    [[ "$err" == *docker* && "$err" == *"not found"* ]]
}

nodocker_die() {
    die "ssh $NODOCKER_USER docker ... should fail with 'docker: not found'; got: $(timeout 15 ssh -F "$SSH_OUT/config" "$NODOCKER_USER" docker version 2>&1 | tail -n 3)"
}

ensure_sshd() {
    ensure_ssh_material
    ensure_nodocker_user
    ensure_user_ssh_config
    if ssh_ping; then
        if ((SSHD_CONFIG_CHANGED)); then
            # A reload: sshd re-executes itself with the new config; open sessions stay.
            /usr/sbin/sshd -t -f "$SSH_STATE/sshd_config" || die "sshd rejects $SSH_STATE/sshd_config"
            log "reloading sshd for its new config"
            kill -HUP "$(cat "$SSH_STATE/sshd.pid")"
            sleep 0.5
            wait_for 15 ssh_ping || die "sshd did not come back after a reload (log: $OUT/sshd.log)"
        fi
        wait_for 10 nodocker_check || nodocker_die
        status sshd "running (ssh://$SSH_ALIAS = root@127.0.0.1:$SSH_PORT; ssh://$NODOCKER_USER has no docker)"
        return
    fi
    local pid=""
    [[ -f "$SSH_STATE/sshd.pid" ]] && pid="$(cat "$SSH_STATE/sshd.pid")"
    pid_alive "$pid" sshd && stop_pid "$pid" "our sshd"
    pid="$(listener_pid "$SSH_PORT")"
    [[ -z "$pid" ]] || die "port $SSH_PORT is taken by pid $pid ($(cat "/proc/$pid/comm" 2>/dev/null))"
    mkdir -p /run/sshd # privilege separation directory
    chmod 755 /run/sshd
    /usr/sbin/sshd -t -f "$SSH_STATE/sshd_config" || die "sshd rejects $SSH_STATE/sshd_config"
    log "starting sshd on 127.0.0.1:$SSH_PORT (log: $OUT/sshd.log)"
    # sshd daemonizes itself (and leaves our stdout); -E sends its log to the file.
    /usr/sbin/sshd -f "$SSH_STATE/sshd_config" -E "$OUT/sshd.log" </dev/null 9>&-
    if ! wait_for 15 ssh_ping; then
        show_log "$OUT/sshd.log"
        ssh -v -F "$SSH_OUT/config" "$SSH_ALIAS" true 2>&1 | tail -n 15 >&2 || true
        die "could not reach dockerd through ssh $SSH_ALIAS docker system dial-stdio"
    fi
    wait_for 10 nodocker_check || nodocker_die
    status sshd "started (ssh://$SSH_ALIAS = root@127.0.0.1:$SSH_PORT; ssh://$NODOCKER_USER has no docker)"
}

# ---------------------------------------------------------------------------------------------
# 7. podman API service on /run/podman/podman.sock

# toml_set FILE SECTION KEY VALUE: set KEY = VALUE in [SECTION] of a TOML file, replacing an
# existing (uncommented) KEY there, adding the section when it is missing. Leaves the file
# untouched when it already says so.
toml_set() {
    python3 - "$@" <<'EOF'
import re, sys
path, section, key, value = sys.argv[1:5]
try:
    lines = open(path).read().splitlines()
except FileNotFoundError:
    lines = []
want = f"{key} = {value}"
header = re.compile(r"^\s*\[([^\[\]]+)\]\s*(#.*)?$")
keyline = re.compile(rf"^\s*{re.escape(key)}\s*=")
out, current, done, start = [], None, False, None
for i, line in enumerate(lines):
    m = header.match(line)
    if m:
        if current == section and not done:
            out.insert(start + 1, want)
            done = True
        current = m.group(1).strip()
        if current == section:
            start = len(out)
    elif current == section and keyline.match(line):
        if not done:
            out.append(want)
            done = True
        continue  # drop duplicates / the old value
    out.append(line)
if not done:
    if current == section:
        out.insert(start + 1, want)
    else:
        if out and out[-1].strip():
            out.append("")
        out += [f"[{section}]", want]
new = "\n".join(out) + "\n"
if new != ("\n".join(lines) + "\n" if lines else ""):
    open(path, "w").write(new)
EOF
}

podman_ok() {
    [[ "$(curl -fsS --max-time 3 --unix-socket "$PODMAN_SOCK" http://d/_ping 2>/dev/null)" == OK ]]
}

ensure_podman_config() {
    mkdir -p /etc/containers
    # Needed here: with its default ulimits podman asks for nofile=1048576, above this
    # sandbox's hard limit (20000), and every rootful `podman run` fails with "error setting
    # rlimit type 7: operation not permitted". No default ulimits: containers inherit ours.
    # Not needed: cgroup_manager and events_logger. Without systemd as PID 1, podman picks
    # "cgroupfs" and "file" by itself; rootful needs no uidmap/slirp4netns/fuse-overlayfs
    # (storage is overlay, networking CNI's bridge plugin).
    toml_set /etc/containers/containers.conf containers default_ulimits '[]'
    # Needed for pushes and pulls: the test registries speak plain HTTP. dockerd treats registries
    # on 127.0.0.0/8 as insecure by itself; Podman only the ones registries.conf marks insecure.
    mkdir -p /etc/containers/registries.conf.d
    if write_if_changed /etc/containers/registries.conf.d/50-docker-sdk-test.conf 644 <<EOF; then
# Written by docker-sdk's scripts/test-env.sh: its test registries speak plain HTTP.
[[registry]]
location = "$REGISTRY_AUTH_ADDR"
insecure = true

[[registry]]
location = "$REGISTRY_NOAUTH_ADDR"
insecure = true
EOF
        PODMAN_CONFIG_CHANGED=1
    fi
}

ensure_podman() {
    ensure_podman_config
    local pid=""
    [[ -f "$STATE/podman-service.pid" ]] && pid="$(cat "$STATE/podman-service.pid")"
    if podman_ok; then
        if [[ "${PODMAN_CONFIG_CHANGED:-}" == 1 ]] && pid_alive "$pid" podman; then
            # `podman system service` reloads registries.conf (and containers.conf) on SIGHUP.
            kill -HUP "$pid"
            wait_for 10 podman_ok || die "podman system service stopped answering after SIGHUP"
            status podman "running (unix://$PODMAN_SOCK), configuration reloaded"
            return
        fi
        status podman "running (unix://$PODMAN_SOCK)"
        return
    fi
    pid_alive "$pid" podman && stop_pid "$pid" "our podman service"
    mkdir -p "$(dirname "$PODMAN_SOCK")"
    rm -f "$PODMAN_SOCK" # a stale socket file left by a service that died
    log "starting podman system service (log: $OUT/podman.log)"
    start_daemon "$OUT/podman.log" podman system service --time=0 "unix://$PODMAN_SOCK" \
        >"$STATE/podman-service.pid"
    if ! wait_for 30 podman_ok; then
        show_log "$OUT/podman.log"
        die "podman system service did not answer on $PODMAN_SOCK within 30 s"
    fi
    curl -fsS --max-time 5 --unix-socket "$PODMAN_SOCK" http://d/version >/dev/null ||
        die "podman answers /_ping but not /version"
    status podman "started (unix://$PODMAN_SOCK)"
}

ensure_podman_fixture() {
    local rev
    rev="$(podman image inspect -f "{{ index .Config.Labels \"$FIXTURE_LABEL\" }}" \
        "$FIXTURE_IMAGE" 2>/dev/null || true)"
    if [[ "$rev" == "$FIXTURE_REV" ]]; then
        status fixture "podman: $FIXTURE_IMAGE present ($FIXTURE_REV)"
        return
    fi
    local tar out
    mkdir -p "$OUT/fixture"
    tar="$(fixture_tar)"
    log "importing $FIXTURE_IMAGE into podman${rev:+ (replacing revision $rev)}"
    podman import -q "${fixture_changes[@]}" "$tar" "$FIXTURE_IMAGE" >/dev/null
    out="$(podman run --rm "$FIXTURE_IMAGE" echo ok 2>&1)" ||
        die "podman run --rm $FIXTURE_IMAGE echo ok failed: $out"
    [[ "$out" == ok ]] || die "podman run --rm $FIXTURE_IMAGE echo ok printed: $out"
    status fixture "podman: $FIXTURE_IMAGE imported and runs"
}

# ---------------------------------------------------------------------------------------------
# 8. env files, each checked with the docker CLI

ensure_env_files() {
    write_if_changed "$OUT/tls.env" 644 <<EOF || true
DOCKER_HOST=tcp://$DOCKER_TLS_ADDR
DOCKER_TLS_VERIFY=1
DOCKER_CERT_PATH=$OUT/tls
EOF
    write_if_changed "$OUT/ssh.env" 644 <<EOF || true
DOCKER_HOST=ssh://$SSH_ALIAS
EOF
    write_if_changed "$OUT/podman.env" 644 <<EOF || true
DOCKER_HOST=unix://$PODMAN_SOCK
EOF
    local noauth_root
    noauth_root="$(registry_root "${REGISTRY_NOAUTH_ADDR##*:}")" ||
        die "cannot tell where the registry on $REGISTRY_NOAUTH_ADDR keeps its data"
    write_if_changed "$OUT/registry.env" 644 <<EOF || true
DOCKER_SDK_TEST_REGISTRY=$REGISTRY_AUTH_ADDR
DOCKER_SDK_TEST_REGISTRY_USER=$REGISTRY_USER
DOCKER_SDK_TEST_REGISTRY_PASSWORD=$REGISTRY_PASSWORD
DOCKER_SDK_TEST_REGISTRY_NOAUTH=$REGISTRY_NOAUTH_ADDR
DOCKER_SDK_TEST_REGISTRY_NOAUTH_ROOT=$noauth_root
EOF
    local f version checked=()
    for f in tls ssh podman; do
        # Only the file's variables: no DOCKER_CONTEXT or the like from the caller.
        # shellcheck disable=SC2046 # word splitting of `cat` is the point: one VAR=value each
        version="$(env -u DOCKER_CONTEXT -u DOCKER_HOST -u DOCKER_TLS_VERIFY -u DOCKER_CERT_PATH \
            $(cat "$OUT/$f.env") docker version -f '{{.Server.Version}}' 2>&1)" ||
            die "docker version with $OUT/$f.env failed: $version"
        checked+=("$f=$version")
    done
    status env "$OUT/{tls,ssh,podman,registry}.env (server versions: ${checked[*]})"
}

# ---------------------------------------------------------------------------------------------

main() {
    [[ $EUID -eq 0 ]] || die "run this as root (it installs packages and starts system daemons)"
    mkdir -p "$OUT" "$STATE"
    chmod 700 "$STATE"
    # One run at a time on a machine (several checkouts may share it).
    exec 9>"$STATE/.lock"
    flock -w 600 9 || die "another test-env.sh run holds $STATE/.lock"

    ensure_packages
    ensure_cgroups
    ensure_tls
    ensure_dockerd
    ensure_docker_fixture
    ensure_registries
    ensure_sshd
    ensure_podman
    ensure_podman_fixture
    ensure_env_files
    status ready "test environment ready in $((SECONDS - START_TIME)) s"
}

# Sourcing the script (for testing its functions) defines them without running anything.
[[ "${BASH_SOURCE[0]}" != "$0" ]] || main "$@"
