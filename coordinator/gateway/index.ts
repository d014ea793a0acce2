// Public surface of the HTTP/JSON gateway.
export { startGateway, snakeKeys, MAX_QUERY_BYTES, type GatewayOptions, type RunningGateway } from './server.js';
