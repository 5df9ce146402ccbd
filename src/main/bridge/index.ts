export {
  createDispatch,
  resolveActor,
  type Dispatch,
  type DispatchAccess,
  type DispatchContext,
  type HandlerContext,
  type Handlers,
  type StaticRoleChannel,
} from './dispatch';
export { createHandlers, type ChooseExportPath, type HandlerServices } from './handlers';
export { acknowledgeModeRole, decideRole, settingKeyRole, type RoleDecision } from './role-rules';
