export { electronBinary } from '../../electron/find-binary';
