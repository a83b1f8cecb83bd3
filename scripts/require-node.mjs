// Runs before `npm start`/`npm run dev` on whatever Node the user has, so it must stay plain old JS.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 13)) {
  console.error(
    `Pulse needs Node 22.13 or newer (24 recommended); this is Node ${process.versions.node}. ` +
      'Install it with `nvm install 24` or `npm i --prefix ~/.cache/node24 node@24 && export PATH=~/.cache/node24/node_modules/.bin:$PATH`.',
  );
  process.exit(1);
}
