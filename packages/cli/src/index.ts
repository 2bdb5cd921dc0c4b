export { COMMANDS, main } from "./cli";
export type { CliIo, Command, CommandContext } from "./command";
export { EXIT } from "./command";
export type { ConnectorPackage } from "./discover";
export {
  connectorDirectories,
  discoverConnectors,
  findConnector,
  findWorkspaceRoot,
  loadConnectorPackage,
} from "./discover";
export { readmeStatus, renderReference, updateReadme } from "./reference";
export type { Finding } from "./validate-rules";
