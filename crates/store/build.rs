// The migration files are embedded with `include_dir!`, which cannot tell cargo to rebuild when a
// file is added or edited; this does.
fn main() {
    println!("cargo:rerun-if-changed=../../migrations");
}
