export { createDispatch, type Dispatch, type DispatchContext, type Handlers } from './dispatch';
export { createHandlers, type ChooseExportPath, type HandlerServices } from './handlers';
