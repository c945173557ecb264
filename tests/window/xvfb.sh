# Sourced by the scripts that drive a real window (tests/window/real-window.sh,
# packaging/test-deb.sh): `start_xvfb ROOT` starts a virtual display in the
# caller's temporary folder ROOT, sets `xvfb_pid` (for the caller's cleanup
# to stop) and exports DISPLAY. Uses the caller's `fail`.

start_xvfb() {
    local root=$1 deadline
    # Xvfb picks a free display and writes its number to the descriptor given.
    exec 3>"$root/display"
    Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp >"$root/xvfb.log" 2>&1 &
    xvfb_pid=$!
    exec 3>&-
    deadline=$((SECONDS + 20))
    until [ -s "$root/display" ]; do
        kill -0 "$xvfb_pid" 2>/dev/null || fail "Xvfb exited: $(cat "$root/xvfb.log")"
        [ "$SECONDS" -lt "$deadline" ] || fail "Xvfb gave no display within 20 s"
        sleep 0.1
    done
    DISPLAY=:$(head -n1 "$root/display")
    export DISPLAY
}
