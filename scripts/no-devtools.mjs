// Stands in for react-devtools-core, which Ink imports only when DEV=true: not in a build for users.
export default { initialize() {}, connectToDevTools() {} };
